/**
 * Catalogs: where the table's metadata lives and how a commit becomes atomic. One interface, one
 * implementation per technology, chosen at start-up by a CDI producer from the settings.
 */
package dev.floe.catalog;
