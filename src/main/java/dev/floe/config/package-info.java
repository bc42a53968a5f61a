/**
 * Configuration: one typed settings value, grouped by capability, read from MicroProfile Config
 * (environment names are the seed's) and checked once at start-up so a bad value stops Floe with a
 * message naming the key.
 */
package dev.floe.config;
