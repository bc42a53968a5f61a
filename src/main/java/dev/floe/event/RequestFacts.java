package dev.floe.event;

import java.time.Instant;

/** What every event of one request shares: where it came from and when Floe received it. */
public record RequestFacts(CloudflareInfo cloudflare, Instant receivedAt) {}
