package dev.floe.event;

/** A promoted attribute's value that its column's type cannot hold; the message names both. */
public final class UnfitValueException extends IllegalArgumentException {
  private final String attribute;

  UnfitValueException(String reason) {
    this(null, reason);
  }

  private UnfitValueException(String attribute, String reason) {
    super(attribute == null ? reason : attribute + ": " + reason);
    this.attribute = attribute;
  }

  /** The same refusal naming the attribute, e.g. {@code ext.userid}. */
  UnfitValueException of(PromotedColumn c) {
    return new UnfitValueException(c.label(), getMessage());
  }

  /** The attribute, as {@code ext.userid} or {@code data.amount}. */
  public String attribute() {
    return attribute;
  }
}
