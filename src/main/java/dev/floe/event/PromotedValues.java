package dev.floe.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the values of a set of promoted columns from an event: extension attributes by name, and
 * the fields of {@code data} in one streaming pass over its JSON (only when a data column is
 * wanted, and only its top level; nested values are skipped unread). Ingest reads strictly, to
 * refuse a value that does not fit before the event is acknowledged; the writer reads leniently,
 * leaving null what does not fit a column it did not check (one another node added).
 */
public final class PromotedValues {
  private static final JsonFactory JSON = new JsonFactory();

  private final List<PromotedColumn> columns;
  private final Map<String, Integer> dataSlots = new HashMap<>();

  public PromotedValues(List<PromotedColumn> columns) {
    this.columns = List.copyOf(columns);
    for (int i = 0; i < this.columns.size(); i++) {
      if (this.columns.get(i).source() == PromotedColumn.Source.DATA) {
        dataSlots.put(this.columns.get(i).attribute(), i);
      }
    }
  }

  /** The columns read, in the order of {@link #read}'s slots. */
  public List<PromotedColumn> columns() {
    return columns;
  }

  public boolean isEmpty() {
    return columns.isEmpty();
  }

  /**
   * Fills {@code out} (one slot per column) with the event's values as Java objects of each kind:
   * String, Integer, Long, Float, Double or Boolean; null when absent.
   *
   * @param strict throw {@link UnfitValueException} for a value that does not fit its column
   *     instead of leaving it null
   */
  public void read(EventRecord e, Object[] out, boolean strict) {
    for (int i = 0; i < columns.size(); i++) {
      PromotedColumn c = columns.get(i);
      out[i] = null;
      if (c.source() == PromotedColumn.Source.EXT) {
        String v = e.extensions().get(c.attribute());
        if (v != null) {
          out[i] = fit(c, v, strict);
        }
      }
    }
    if (!dataSlots.isEmpty() && isObject(e.data())) {
      readData(e.data(), out, strict);
    }
  }

  private static Object fit(PromotedColumn c, String text, boolean strict) {
    try {
      return ValueFit.fromText(c.kind(), text);
    } catch (UnfitValueException x) {
      if (strict) {
        throw x.of(c);
      }
      return null;
    }
  }

  private void readData(String data, Object[] out, boolean strict) {
    try (JsonParser p = JSON.createParser(data)) {
      p.nextToken();
      int left = dataSlots.size(); // stop reading once every wanted field was seen
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME && left > 0; t = p.nextToken()) {
        Integer slot = dataSlots.get(p.currentName());
        JsonToken value = p.nextToken();
        if (slot == null) {
          p.skipChildren();
          continue;
        }
        PromotedColumn c = columns.get(slot);
        left--;
        try {
          out[slot] = ValueFit.fromJson(c.kind(), p, value);
        } catch (UnfitValueException x) {
          if (strict) {
            throw x.of(c);
          }
          out[slot] = null;
          p.skipChildren();
        }
      }
    } catch (IOException x) {
      // data is checked JSON when it starts with '{'; anything else leaves the data columns null
    }
  }

  private static boolean isObject(String data) {
    if (data == null) {
      return false;
    }
    for (int i = 0; i < data.length(); i++) {
      char ch = data.charAt(i);
      if (!Character.isWhitespace(ch)) {
        return ch == '{';
      }
    }
    return false;
  }
}
