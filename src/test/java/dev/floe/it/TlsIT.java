package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.Processes;
import dev.floe.it.harness.FloeServer;
import dev.floe.testing.TestTables;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS served by Payara Micro itself, as scripts/run.sh sets it up from FLOE_TLS_KEYSTORE: a
 * PKCS12 keystore handed over through a system-properties file, never the command line. A client
 * that trusts only that certificate sends an event, and it is read back from the table.
 */
class TlsIT {
  private static final String PASSWORD = "keystore-pass-0123";

  @TempDir Path dir;

  @Test
  void eventsOverHttps() throws Exception {
    Path keystore = dir.resolve("floe.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "floe",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).isTrue();
    Path props = dir.resolve("tls.properties");
    Files.writeString(
        props,
        "javax.net.ssl.keyStore="
            + keystore
            + "\njavax.net.ssl.keyStorePassword="
            + PASSWORD
            + "\njavax.net.ssl.keyStoreType=PKCS12\n");
    int httpsPort = Processes.freePort();
    Path warehouse = dir.resolve("warehouse");
    Path log = FloeServer.logFor("TlsIT");
    try (FloeServer floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(log)
            .property("floe.warehouse", warehouse)
            .options(
                "--sslport",
                Integer.toString(httpsPort),
                "--sslcert",
                "floe",
                "--systemproperties",
                props.toString())
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);

      KeyStore trust = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        trust.load(in, PASSWORD.toCharArray());
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      HttpClient client =
          HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(30)).build();
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + "/events"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(Http.event("tls-1", "tls.test", null)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(floe.http().post("debug/flush", "application/json", "").statusCode())
          .isEqualTo(200);
      List<Record> rows = TestTables.rows(TestTables.load(warehouse.resolve("analytics/events")));
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).getField("id")).isEqualTo("tls-1");
    }
    assertThat(Files.readString(log)).doesNotContain(PASSWORD);
  }
}
