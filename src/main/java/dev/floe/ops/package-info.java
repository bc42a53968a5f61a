/**
 * Operations: health checks, the debug endpoints (buffer status, manual flush, object listing,
 * tables) and the admin status page with its figures, answered as small records in JSON.
 */
package dev.floe.ops;
