package dev.floe.deadletter;

import java.util.Map;

/**
 * Dead letters per reason, then per intended table.
 *
 * @param truncated the count stopped at its bound: there are more
 */
public record DeadLetterCounts(
    Map<String, Map<String, Long>> byReasonAndTable, long total, boolean truncated) {}
