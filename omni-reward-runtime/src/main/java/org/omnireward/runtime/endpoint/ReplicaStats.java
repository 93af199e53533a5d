package org.omnireward.runtime.endpoint;

/**
 * How one replica of a served model was used.
 *
 * @param endpoint the replica's URL as files may show it (credentials masked)
 * @param requests requests sent to it
 * @param failed of those, requests that failed with a connection error or a 5xx (the failures that take
 *     a replica out)
 * @param ejections times it was taken out of the rotation
 * @param healthy whether it is in the rotation now
 */
public record ReplicaStats(String endpoint, long requests, long failed, int ejections, boolean healthy) {}
