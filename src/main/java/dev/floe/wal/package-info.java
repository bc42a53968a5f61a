/**
 * The write-ahead log: every accepted event is appended, and forced to disk, before its 2xx; after
 * a crash the log is replayed, skipping what the table already holds.
 */
package dev.floe.wal;
