import dev.floe.cloudevents.BatchReader;
import dev.floe.cloudevents.Body;
import dev.floe.cloudevents.StructuredReader;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.event.RequestFacts;
import dev.floe.wal.EventCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * CPU per event of the request path's own work (read and check a body, encode the log record), on
 * one thread, in thread CPU time so that other load on the machine moves it little. Run by
 * scripts/bench-parse against the classes of two builds in turn.
 */
public class ParseBench {
  static final RequestFacts FACTS = new RequestFacts(CloudflareInfo.NONE, Instant.now());
  static long sink;

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Body single = body(event(1));
    StringBuilder b = new StringBuilder("{\"events\":[");
    for (int i = 1; i <= 100; i++) {
      b.append(i > 1 ? "," : "").append(event(i));
    }
    Body batch = body(b.append("]}").toString());
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int pass = 0; pass < 2; pass++) { // the first pass warms the JIT up
      long t0 = cpu.getCurrentThreadCpuTime();
      long n = 0;
      long until = System.nanoTime() + seconds * 1_000_000_000L;
      while (System.nanoTime() < until) {
        for (int k = 0; k < 100; k++) {
          EventRecord e = StructuredReader.single(single, FACTS);
          sink += EventCodec.encode(List.of(e)).length;
        }
        n += 100;
      }
      long single_ns = (cpu.getCurrentThreadCpuTime() - t0) / n;
      t0 = cpu.getCurrentThreadCpuTime();
      long m = 0;
      until = System.nanoTime() + seconds * 1_000_000_000L;
      while (System.nanoTime() < until) {
        List<EventRecord> events = BatchReader.read(batch, false, 1000, FACTS);
        sink += EventCodec.encode(events).length;
        m += events.size();
      }
      long batch_ns = (cpu.getCurrentThreadCpuTime() - t0) / m;
      if (pass == 1) {
        System.out.printf("single event %d ns CPU, batch of 100 %d ns CPU per event%n", single_ns, batch_ns);
      }
    }
  }

  static String event(int i) {
    return "{\"specversion\":\"1.0\",\"type\":\"bench.batch\",\"source\":\"wrk\",\"id\":\"" + i
        + "\",\"time\":\"2024-01-15T14:30:00Z\",\"datacontenttype\":\"application/json\","
        + "\"data\":{\"page\":\"/home\",\"n\":" + i + "}}";
  }

  static Body body(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new Body(bytes, bytes.length);
  }
}
