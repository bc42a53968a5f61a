/**
 * Buffers: accepted events wait here per partition (event type x hour) until size, age, memory
 * pressure, a manual request or shutdown sends them to the lake as one commit.
 */
package dev.floe.buffer;
