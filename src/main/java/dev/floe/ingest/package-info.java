/**
 * HTTP in: the ingest resource that reads CloudEvents, validates them, hands them to the buffers
 * and answers, without touching storage.
 */
package dev.floe.ingest;
