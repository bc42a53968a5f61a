package dev.floe.cloudevents;

/**
 * One event of a per-index batch that was not accepted: where it stood, its id when it could be
 * read, its own JSON text (a bounded slice of the body, for a dead-letter table) and why.
 *
 * @param index the event's position in the batch
 * @param id the event's {@code id} when the element had a readable one, else null
 * @param raw the element's JSON text as sent, cut at the event size limit (never echoed to the
 *     client: it may hold anything the sender put in it)
 * @param refusal why, without the index (the index is its own member here)
 */
public record RefusedEvent(int index, String id, String raw, Refusal refusal) {}
