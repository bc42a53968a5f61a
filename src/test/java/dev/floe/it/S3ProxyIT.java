package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.floe.it.fixtures.S3Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 test fixture is a real, strict S3: what later tests rely on it for, it does. */
class S3ProxyIT {
  private static final int MIB = 1024 * 1024;

  @TempDir static Path dir;
  private static S3Proxy s3;

  @BeforeAll
  static void start() {
    long t0 = System.nanoTime();
    s3 = S3Proxy.start(dir);
    System.out.printf(
        "s3proxy answered %d ms after launch%n", (System.nanoTime() - t0) / 1_000_000);
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
  }

  /** A bucket of its own for each test, named after it. */
  private static String bucket(TestInfo test) {
    String name =
        test.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "-");
    s3.createBucket(name);
    return name;
  }

  private static String read(String bucket, String key) {
    return s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
  }

  @Test
  void putGetList(TestInfo test) {
    String bucket = bucket(test);
    S3Client client = s3.client();
    client.putObject(b -> b.bucket(bucket).key("t/a.txt"), RequestBody.fromString("alpha"));
    client.putObject(b -> b.bucket(bucket).key("t/b.txt"), RequestBody.fromString("beta"));
    client.putObject(b -> b.bucket(bucket).key("other.txt"), RequestBody.fromString("x"));

    assertThat(read(bucket, "t/a.txt")).isEqualTo("alpha");
    assertThat(read(bucket, "t/b.txt")).isEqualTo("beta");
    assertThat(client.listObjectsV2(b -> b.bucket(bucket).prefix("t/")).contents())
        .extracting(S3Object::key, S3Object::size)
        .containsExactly(tuple("t/a.txt", 5L), tuple("t/b.txt", 4L));
  }

  @Test
  void wrongSecretIsRefused(TestInfo test) {
    String bucket = bucket(test);
    try (S3Client intruder = s3.client(s3.accessKey(), "not-the-secret")) {
      assertThatThrownBy(
              () ->
                  intruder.putObject(
                      b -> b.bucket(bucket).key("x"), RequestBody.fromString("intrusion")))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
      assertThatThrownBy(() -> intruder.listObjectsV2(b -> b.bucket(bucket)))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
    try (S3Client stranger = s3.client("someone-else", s3.secretKey())) {
      assertThatThrownBy(() -> stranger.listBuckets())
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
    assertThat(s3.client().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
  }

  /**
   * {@code If-None-Match: *} makes a create atomic: of writers racing for one key exactly one wins,
   * every other is refused, and the object holds the winner's bytes. Commits rest on this.
   */
  @Test
  void conditionalCreateHasExactlyOneWinner(TestInfo test) throws Exception {
    String bucket = bucket(test);
    int writers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    TreeMap<Integer, Integer> loserStatuses = new TreeMap<>();
    try {
      for (int round = 0; round < 8; round++) {
        String key = "race/" + round;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> outcomes = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          String body = "writer " + w + " of round " + round;
          outcomes.add(
              pool.submit(
                  () -> {
                    go.await();
                    try {
                      s3.client()
                          .putObject(
                              b -> b.bucket(bucket).key(key).ifNoneMatch("*"),
                              RequestBody.fromString(body));
                      return 200;
                    } catch (S3Exception e) {
                      return e.statusCode();
                    }
                  }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : outcomes) {
          statuses.add(f.get(60, TimeUnit.SECONDS));
        }

        assertThat(statuses).as("round %d", round).containsOnlyOnce(200);
        assertThat(statuses.stream().filter(s -> s != 200))
            .as("round %d", round)
            .allMatch(s -> s == 412 || s == 409);
        statuses.stream()
            .filter(s -> s != 200)
            .forEach(s -> loserStatuses.merge(s, 1, Integer::sum));
        int winner = statuses.indexOf(200);
        assertThat(read(bucket, key)).isEqualTo("writer " + winner + " of round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println("statuses of the losers of the races: " + loserStatuses);

    // and once the key exists, a late conditional create is refused outright
    assertThatThrownBy(
            () ->
                s3.client()
                    .putObject(
                        b -> b.bucket(bucket).key("race/0").ifNoneMatch("*"),
                        RequestBody.fromString("late")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
  }

  @Test
  void dataSurvivesRestart(TestInfo test) {
    String bucket = bucket(test);
    s3.client()
        .putObject(b -> b.bucket(bucket).key("kept.txt"), RequestBody.fromString("still here"));
    int port = s3.port();

    s3.stop();
    assertThat(s3.isRunning()).isFalse();
    assertThatThrownBy(() -> s3.client().headBucket(b -> b.bucket(bucket)))
        .as("the store is down")
        .isInstanceOf(SdkClientException.class);

    long t0 = System.nanoTime();
    s3.restart();
    System.out.printf("s3proxy restarted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertThat(s3.port()).isEqualTo(port);
    assertThat(read(bucket, "kept.txt")).isEqualTo("still here");
    assertThat(s3.client().listBuckets().buckets()).anyMatch(b -> b.name().equals(bucket));
  }

  @Test
  void multipartUploadRoundTrips(TestInfo test) {
    String bucket = bucket(test);
    String key = "big/object.bin";
    byte[] data = new byte[12 * MIB];
    new Random(42).nextBytes(data);
    int[] partEnds = {5 * MIB, 10 * MIB, 12 * MIB}; // every part but the last at least 5 MiB
    S3Client client = s3.client();

    String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < partEnds.length; i++) {
      int number = i + 1;
      byte[] part = Arrays.copyOfRange(data, start, partEnds[i]);
      String etag =
          client
              .uploadPart(
                  b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                  RequestBody.fromBytes(part))
              .eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      start = partEnds[i];
    }
    client.completeMultipartUpload(
        b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));

    assertThat(client.headObject(b -> b.bucket(bucket).key(key)).contentLength())
        .isEqualTo(data.length);
    assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray())
        .isEqualTo(data);
    assertThat(client.listObjectsV2(b -> b.bucket(bucket)).contents())
        .extracting(S3Object::key)
        .containsExactly(key);
  }
}
