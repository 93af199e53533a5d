/**
 * The reward server ({@code omni-reward serve}, docs/server.md): any reward model over HTTP on Javalin and
 * Jetty — request bodies read without holding threads, every field checked, bearer-token authentication,
 * micro-batched scalar scoring, OpenRLHF-compatible queries and Prometheus metrics.
 */
package org.omnireward.server;
