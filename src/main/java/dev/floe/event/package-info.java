/**
 * The event model every layer shares: the accepted event, its partition key, the facts of the
 * request that carried it, and the one list of the table's columns.
 */
package dev.floe.event;
