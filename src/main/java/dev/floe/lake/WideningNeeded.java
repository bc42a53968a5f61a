package dev.floe.lake;

/**
 * A promoted column's value needs the column widened (int to long, float to double) before it can
 * be written; the writer widens it and writes the flush again.
 */
final class WideningNeeded extends RuntimeException {
  final String column;

  WideningNeeded(String column) {
    super("column " + column + " needs widening", null, false, false);
    this.column = column;
  }
}
