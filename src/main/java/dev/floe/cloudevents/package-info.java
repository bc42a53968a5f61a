/**
 * The CloudEvents format: reading structured, binary and batched bodies, validating attributes and
 * times, with no Jakarta import, so it is tested alone. Refusals are {@link
 * dev.floe.cloudevents.EventFormatException}s that the HTTP layer answers.
 */
package dev.floe.cloudevents;
