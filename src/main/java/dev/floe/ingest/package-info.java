/**
 * HTTP in: the JAX-RS resources that read CloudEvents (structured, binary, batch), validate them
 * and hand them to the buffers, and the problem+json answers for everything that goes wrong.
 */
package dev.floe.ingest;
