package dev.floe.catalog;

import java.time.Instant;

/** One object under the table location, as storage reports it. */
public record StoredObject(String key, long size, Instant lastModified) {}
