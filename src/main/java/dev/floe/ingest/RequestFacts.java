package dev.floe.ingest;

import dev.floe.lake.CloudflareInfo;
import java.time.Instant;

/** What every event of one request shares: where it came from and when Floe received it. */
record RequestFacts(CloudflareInfo cloudflare, Instant receivedAt) {}
