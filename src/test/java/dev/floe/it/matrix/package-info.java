/**
 * The server matrix ({@code scripts/server-matrix}, profile server-matrix): Floe deployed,
 * redeployed and measured on Payara Micro, Payara Server and WildFly, with its report.
 */
package dev.floe.it.matrix;
