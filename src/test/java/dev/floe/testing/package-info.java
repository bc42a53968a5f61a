/**
 * Helpers for unit and integration tests alike: named events, settings from a few keys, and the one
 * way to read a table back ({@code TestTables}).
 */
package dev.floe.testing;
