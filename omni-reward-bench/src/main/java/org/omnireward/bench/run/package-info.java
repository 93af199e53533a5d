/**
 * Running a reward model over a benchmark: {@link org.omnireward.bench.run.BenchmarkRunner} turns samples
 * into prediction lines through the shared runtime ({@link org.omnireward.bench.run.SampleEvaluator}),
 * appends them to {@code predictions.jsonl}, resumes an interrupted run from what it wrote, and keeps a run
 * directory ({@link org.omnireward.bench.run.RunFolder}: {@code run.json}, {@code predictions.jsonl},
 * {@code summary.json}, {@code replicas.json}) consistent across reruns.
 */
package org.omnireward.bench.run;
