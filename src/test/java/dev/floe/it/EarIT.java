package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The EAR that {@code ear/pom.xml} builds around the WAR of this build (the invoker plugin runs
 * that build before the integration tests): Floe's WAR at context root {@code /}, self-contained.
 *
 * <p>The WAR keeps its libraries in {@code WEB-INF/lib} rather than the EAR's {@code lib/} (no
 * skinny WAR): Iceberg loads the classes Floe names in its properties (the S3 client factory)
 * through Iceberg's own class loader, which in {@code lib/} could not see the WAR's classes, and
 * Payara's {@code delegate="false"} (Floe's Jackson, Parquet and Hadoop first) applies to the WAR's
 * loader only. So this test also guards against libraries drifting into {@code lib/}.
 */
class EarIT {
  /** Entry name to SHA-256 of its bytes, for the EAR and for the WAR inside it. */
  private static Map<String, String> ear;

  private static Map<String, String> war;
  private static byte[] applicationXml;

  @BeforeAll
  static void read() throws IOException {
    Path file = Path.of(System.getProperty("floe.it.ear", "target/ear/floe.ear"));
    assertThat(file).as("the EAR the build made").isRegularFile();
    try (ZipFile z = new ZipFile(file.toFile())) {
      ear = digests(z);
      assertThat(ear)
          .as("entries of %s", file)
          .containsKeys("floe.war", "META-INF/application.xml");
      applicationXml = z.getInputStream(z.getEntry("META-INF/application.xml")).readAllBytes();
      try (InputStream in = z.getInputStream(z.getEntry("floe.war"))) {
        war = digests(new ZipInputStream(in));
      }
    }
  }

  @Test
  void applicationXmlMountsTheWarAtTheRoot() throws Exception {
    Document xml =
        DocumentBuilderFactory.newDefaultNSInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(applicationXml));
    Element app = xml.getDocumentElement();
    assertThat(app.getLocalName()).isEqualTo("application");
    assertThat(app.getNamespaceURI()).isEqualTo("https://jakarta.ee/xml/ns/jakartaee");
    assertThat(app.getAttribute("version")).isEqualTo("10");
    assertThat(app.getElementsByTagNameNS("*", "module").getLength()).isEqualTo(1);
    assertThat(text(app, "web-uri")).isEqualTo("floe.war");
    assertThat(text(app, "context-root")).isEqualTo("/");
    assertThat(text(app, "library-directory")).isEqualTo("lib");
  }

  @Test
  void theWarInsideIsTheWarThisBuildPackaged() throws IOException {
    // not an older snapshot resolved from some repository: the same entries, byte for byte
    String builtWar = System.getProperty("floe.it.war", "target/floe.war");
    Map<String, String> built;
    try (ZipFile z = new ZipFile(builtWar)) {
      built = digests(z);
    }
    Set<String> differing = new TreeSet<>(built.keySet());
    differing.addAll(war.keySet());
    differing.removeIf(n -> Objects.equals(war.get(n), built.get(n)));
    assertThat(differing)
        .as("entries of floe.war in the EAR that differ from %s", builtWar)
        .isEmpty();
  }

  @Test
  void theWarCarriesFloeAndItsLibrariesAndTheEarNothingTwice() {
    assertThat(war)
        .containsKeys(
            "WEB-INF/beans.xml",
            "WEB-INF/glassfish-web.xml",
            "WEB-INF/classes/dev/floe/ingest/EventsResource.class",
            "WEB-INF/classes/dev/floe/buffer/PartitionBuffers.class");
    assertThat(jarNames(war, "WEB-INF/lib/"))
        .anyMatch(n -> n.startsWith("iceberg-core-"))
        .anyMatch(n -> n.startsWith("iceberg-aws-"))
        .anyMatch(n -> n.startsWith("parquet-column-"))
        .anyMatch(n -> n.startsWith("jackson-databind-"));
    // the platform comes from the server, never from the archive
    assertThat(jarNames(war, "WEB-INF/lib/")).noneMatch(n -> n.startsWith("jakarta.jakartaee-api"));

    // any library of the EAR itself belongs in lib/, and none may also sit in the WAR
    assertThat(ear.keySet().stream().filter(n -> n.endsWith(".jar")))
        .allMatch(n -> n.startsWith("lib/") && n.indexOf('/', 4) < 0);
    assertThat(jarNames(ear, "lib/")).doesNotContainAnyElementsOf(jarNames(war, "WEB-INF/lib/"));
    assertThat(ear.keySet().stream().filter(n -> n.endsWith(".war"))).containsExactly("floe.war");
    assertThat(ear.keySet()).noneMatch(n -> n.endsWith(".class"));
  }

  private static List<String> jarNames(Map<String, String> archive, String folder) {
    return archive.keySet().stream()
        .filter(n -> n.startsWith(folder) && n.endsWith(".jar"))
        .map(n -> n.substring(folder.length()))
        .toList();
  }

  private static String text(Element root, String tag) {
    var nodes = root.getElementsByTagNameNS("*", tag);
    assertThat(nodes.getLength()).as("<%s> elements", tag).isEqualTo(1);
    return nodes.item(0).getTextContent().trim();
  }

  private static Map<String, String> digests(ZipFile zip) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (ZipEntry e : Collections.list(zip.entries())) {
      if (!e.isDirectory()) {
        try (InputStream in = zip.getInputStream(e)) {
          out.put(e.getName(), sha256(in));
        }
      }
    }
    return out;
  }

  private static Map<String, String> digests(ZipInputStream zip) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
      if (!e.isDirectory()) {
        out.put(e.getName(), sha256(zip));
      }
    }
    return out;
  }

  private static String sha256(InputStream in) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
