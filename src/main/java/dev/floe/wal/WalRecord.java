package dev.floe.wal;

/** One record of the log: its position (1, 2, 3, ...) and the bytes it holds. */
public record WalRecord(long position, byte[] payload) {}
