/**
 * Configuration: one typed settings value, read from MicroProfile Config (environment names are the
 * seed's), checked once at start-up so a bad value stops Floe with a message naming the key.
 */
package dev.floe.config;
