/**
 * Starting what an integration test runs against: {@code Harness}, the JUnit 5 extension that gives
 * each test class its own folder, s3proxy, REST catalog and Floe; {@code FloeServer}, Floe on
 * Payara Micro as a process a test can stop, kill and restart.
 */
package dev.floe.it.harness;
