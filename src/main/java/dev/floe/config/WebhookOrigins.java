package dev.floe.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Senders that may deliver to Floe by the CloudEvents webhook spec ({@code FLOE_WEBHOOK_ORIGINS}):
 * host names as a sender names itself in {@code WebHook-Request-Origin}, comma-separated, or {@code
 * *} (the default: ingest is open to whoever its keys let in, so the handshake grants the same). A
 * host name, not a browser origin: that is why {@code FLOE_CORS_ORIGINS} is not reused.
 */
public record WebhookOrigins(List<String> hosts) {
  static final String KEY = "floe.webhook.origins";

  public boolean allows(String host) {
    return hosts.contains("*") || hosts.contains(host.trim().toLowerCase(Locale.ROOT));
  }

  static WebhookOrigins from(Function<String, Optional<String>> lookup) {
    List<String> hosts = new ArrayList<>();
    for (String h : lookup.apply(KEY).orElse("*").split(",")) {
      String t = h.trim().toLowerCase(Locale.ROOT);
      if (t.isEmpty()) {
        continue;
      }
      if (!t.equals("*") && !t.matches("[a-z0-9.-]+(:[0-9]{1,5})?")) {
        throw new IllegalArgumentException(
            "FLOE_WEBHOOK_ORIGINS ("
                + KEY
                + "): '"
                + t
                + "' is not a host name such as eventgrid.azure.net, or *");
      }
      hosts.add(t);
    }
    return new WebhookOrigins(List.copyOf(hosts));
  }

  @Override
  public String toString() {
    return "webhookOrigins=" + hosts;
  }
}
