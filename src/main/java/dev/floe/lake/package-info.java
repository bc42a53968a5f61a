/**
 * The lake: turns buffered events into Parquet data files (writers return results) and commits them
 * as one Iceberg snapshot (one committer commits).
 */
package dev.floe.lake;
