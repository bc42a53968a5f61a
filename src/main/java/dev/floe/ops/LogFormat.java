package dev.floe.ops;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * {@code FLOE_LOG_FORMAT}: {@code plain} (the server's own format, the default) or {@code json}
 * (one object per line, {@link JsonLogFormatter}) on the root logger's handlers, where the server
 * writes its console and its log file. The server's formatters come back on undeploy, so no handler
 * keeps a class of this deployment.
 */
@ApplicationScoped
public class LogFormat {
  static final String KEY = "floe.log.format";

  @Inject Config config;

  private final Map<Handler, Formatter> replaced = new LinkedHashMap<>();

  void atStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    String format =
        config.getOptionalValue(KEY, String.class).orElse("plain").trim().toLowerCase(Locale.ROOT);
    switch (format) {
      case "plain" -> {}
      case "json" -> install();
      default ->
          throw new IllegalArgumentException(
              "FLOE_LOG_FORMAT (" + KEY + ") = '" + format + "' must be plain or json");
    }
  }

  private synchronized void install() {
    JsonLogFormatter json = new JsonLogFormatter();
    for (Handler h : Logger.getLogger("").getHandlers()) {
      replaced.put(h, h.getFormatter());
      h.setFormatter(json);
    }
    Logger.getLogger(LogFormat.class.getName()).info("Floe logs as JSON, one object a line");
  }

  @PreDestroy
  synchronized void restore() {
    replaced.forEach(Handler::setFormatter);
    replaced.clear();
  }
}
