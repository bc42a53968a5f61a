/**
 * Helpers for unit and integration tests alike: named events and the columns they read back as,
 * settings from a few keys, stub and hooked catalogs, and the one way to read a table back ({@code
 * TestTables}).
 */
package dev.floe.testing;
