/**
 * Catalogs: where the table's metadata lives and how a commit becomes atomic. One interface, one
 * implementation per technology, chosen at start-up by a CDI producer from the settings; its one
 * failure is the unchecked {@link dev.floe.catalog.CatalogUnavailableException}.
 */
package dev.floe.catalog;
