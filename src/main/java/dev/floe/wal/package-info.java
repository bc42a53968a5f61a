/**
 * The write-ahead log: every accepted event is appended, and forced to disk, before its 2xx; after
 * a crash the log is read back (the buffers skip what the table already holds). A pure log: it
 * knows events only through their codec.
 */
package dev.floe.wal;
