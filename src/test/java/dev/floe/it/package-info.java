/**
 * Integration tests, and only tests: Floe on a real Payara Micro, the real S3-compatible store and
 * the real REST catalog, each class with its own table and write-ahead log (see {@code harness}).
 */
package dev.floe.it;
