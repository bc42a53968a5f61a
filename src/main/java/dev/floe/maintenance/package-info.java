/**
 * Table maintenance on iceberg-core's own APIs: compaction of small files per partition, snapshot
 * expiry, metadata versions kept bounded and orphan files deleted, in the background beside ingest.
 */
package dev.floe.maintenance;
