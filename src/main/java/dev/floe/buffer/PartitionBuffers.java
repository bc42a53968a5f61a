package dev.floe.buffer;

import dev.floe.lake.EventRecord;
import java.util.List;

/** Placeholder: replaced by the real owner of the partition buffers. */
public class PartitionBuffers {
  /** Accepts all events of one request, or none of them. */
  public void accept(List<EventRecord> events) throws BufferFullException {}
}
