/**
 * Operations: health checks, debug endpoints (buffer status, manual flush, object listing) and,
 * later, metrics and table maintenance.
 */
package dev.floe.ops;
