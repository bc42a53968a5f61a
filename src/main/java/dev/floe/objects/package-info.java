/**
 * Plain-object mode ({@code USE_ICEBERG=false}): each flush writes gzipped NDJSON CloudEvents or
 * Parquet objects per partition, named after the log positions they hold, and no table.
 */
package dev.floe.objects;
