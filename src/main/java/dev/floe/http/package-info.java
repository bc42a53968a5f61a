/**
 * HTTP plumbing for every resource: the JAX-RS application, problem+json answers, exception mappers
 * and request filters.
 */
package dev.floe.http;
