/**
 * The dead-letter table: events that passed validation but cannot be written to their own table are
 * kept there with the reason, and replayed exactly once after the operator fixed the cause.
 */
package dev.floe.deadletter;
