package dev.floe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.config.AccessSettings.IngestKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessSettingsTest {
  private static final String KEY_A = "aaaaaaaaaaaaaaaa-1";
  private static final String KEY_B = "bbbbbbbbbbbbbbbb-2";

  @TempDir Path dir;

  private static AccessSettings read(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return AccessSettings.from(k -> Optional.ofNullable(m.get(k)));
  }

  @Test
  void openByDefault() {
    AccessSettings a = read();
    assertThat(a.ingestKeysRequired()).isFalse();
    assertThat(a.adminToken()).isNull();
    assertThat(a.isAdminToken("anything-at-all-here")).isFalse();
    assertThat(a.adminCallsPerMinute()).isEqualTo(60);
  }

  @Test
  void keysWithNamesAndTypePrefixes() {
    AccessSettings a = read("floe.ingest.tokens", "web:" + KEY_A + ":page.*|click., " + KEY_B);
    IngestKey web = a.ingestKey(KEY_A);
    assertThat(web.name()).isEqualTo("web");
    assertThat(web.allows("page.view")).isTrue();
    assertThat(web.allows("click.button")).isTrue();
    assertThat(web.allows("order.paid")).isFalse();
    IngestKey bare = a.ingestKey(KEY_B);
    assertThat(bare.name()).isEqualTo("key2");
    assertThat(bare.allows("anything")).isTrue();
    assertThat(a.ingestKey("cccccccccccccccc-3")).isNull();
    assertThat(a.ingestKey("")).isNull();
  }

  @Test
  void keysFromAFileAddToTheVariableAndMayShareANameWhileRotating() throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "# comment\nweb:" + KEY_B + "\n\n");
    AccessSettings a =
        read("floe.ingest.tokens", "web:" + KEY_A, "floe.ingest.tokens.file", file.toString());
    assertThat(a.ingestKey(KEY_A).name()).isEqualTo("web");
    assertThat(a.ingestKey(KEY_B).name()).isEqualTo("web");
  }

  @Test
  void adminTokenFromValueOrFile() throws Exception {
    assertThat(read("floe.admin.token", KEY_A).isAdminToken(KEY_A)).isTrue();
    Path file = dir.resolve("admin");
    Files.writeString(file, KEY_B + "\n");
    AccessSettings a = read("floe.admin.token.file", file.toString());
    assertThat(a.isAdminToken(KEY_B)).isTrue();
    assertThat(a.isAdminToken(KEY_A)).isFalse();
  }

  @Test
  void neverPrintsAKey() {
    AccessSettings a = read("floe.ingest.tokens", "web:" + KEY_A, "floe.admin.token", KEY_B);
    assertThat(a.toString()).contains("web").doesNotContain(KEY_A).doesNotContain(KEY_B);
  }

  @Test
  void badEntriesNameTheSettingButNotTheKey() {
    assertThatThrownBy(() -> read("floe.ingest.tokens", "short"))
        .hasMessageContaining("FLOE_INGEST_TOKENS")
        .hasMessageContaining("shorter than 16")
        .hasMessageNotContaining("short:");
    assertThatThrownBy(() -> read("floe.ingest.tokens", "bad name:" + KEY_A))
        .hasMessageContaining("FLOE_INGEST_TOKENS")
        .hasMessageNotContaining(KEY_A);
    assertThatThrownBy(() -> read("floe.ingest.tokens", "a:" + KEY_A + ":x:y"))
        .hasMessageNotContaining(KEY_A);
    assertThatThrownBy(() -> read("floe.admin.token", "too-short"))
        .hasMessageContaining("FLOE_ADMIN_TOKEN")
        .hasMessageNotContaining("too-short");
    assertThatThrownBy(() -> read("floe.admin.calls.per.minute", "0"))
        .hasMessageContaining("FLOE_ADMIN_CALLS_PER_MINUTE");
    assertThatThrownBy(() -> read("floe.ingest.tokens.file", dir.resolve("missing").toString()))
        .hasMessageContaining("FLOE_INGEST_TOKENS_FILE");
  }

  @Test
  void adminPortIsOffUnlessSetAndMustBeAPort() {
    assertThat(read().adminPort()).isZero();
    assertThat(read("floe.admin.port", "9090").adminPort()).isEqualTo(9090);
    assertThat(read("floe.admin.port", "9090").toString()).contains("adminPort=9090");
    assertThatThrownBy(() -> read("floe.admin.port", "70000"))
        .hasMessageContaining("FLOE_ADMIN_PORT");
    assertThatThrownBy(() -> read("floe.admin.port", "admin"))
        .hasMessageContaining("FLOE_ADMIN_PORT");
  }
}
