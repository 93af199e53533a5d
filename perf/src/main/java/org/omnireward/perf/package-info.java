/**
 * The harness benchmarks ({@code perf/run}): each prints its figures with a ratio against a baseline measured
 * in the same process, so figures from different machines can be compared.
 */
package org.omnireward.perf;
