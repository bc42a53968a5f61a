/**
 * Reading the events back over HTTP: {@code /query} plans with Iceberg and streams matching rows as
 * JSON lines, {@code /query/counts} answers from manifest metadata; both may add this node's
 * buffered events.
 */
package dev.floe.query;
