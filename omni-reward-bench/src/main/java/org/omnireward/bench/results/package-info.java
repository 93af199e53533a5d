/**
 * One line of {@code predictions.jsonl} per (sample, setting): the record ({@link
 * org.omnireward.bench.results.PredictionRecord}) and the file that reads and writes it ({@link
 * org.omnireward.bench.results.PredictionsFile}), the settings a line belongs to.
 */
package org.omnireward.bench.results;
