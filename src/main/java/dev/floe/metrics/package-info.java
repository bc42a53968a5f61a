/**
 * What Floe counts, kept in plain Java ({@link dev.floe.metrics.FloeStats}) so it works on any
 * server, and handed to MicroProfile Metrics where the server has it.
 */
package dev.floe.metrics;
