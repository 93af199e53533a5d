/**
 * A run's metrics from its predictions: {@code summary.json} ({@link org.omnireward.bench.metrics.Summary},
 * computed by {@link org.omnireward.bench.metrics.SummaryCalculator}, written by {@link
 * org.omnireward.bench.metrics.SummaryWriter} and read back only by {@link
 * org.omnireward.bench.metrics.SummaryReader}), the tie calibration of scalar models, Wilson intervals,
 * call statistics and token prices. Field meanings are in {@code docs/results-format.md}.
 */
package org.omnireward.bench.metrics;
