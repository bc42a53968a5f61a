/**
 * Buffers: accepted events wait here per partition (event type x hour) until size, age, memory
 * pressure, a manual request or shutdown sends them to the lake as one commit. {@link
 * dev.floe.buffer.BufferEngine} does the work ({@link dev.floe.buffer.Intake} in, {@link
 * dev.floe.buffer.Partitions} and their reservations, the flusher, the write-ahead log's replay);
 * the {@link dev.floe.buffer.PartitionBuffers} EJB owns its lifecycle and timer.
 */
package dev.floe.buffer;
