package dev.floe.lake;

import java.util.List;

/** A committed flush: the snapshot that now holds it, and what it added. */
public record CommitResult(long snapshotId, List<String> files, long rows) {}
