/**
 * Reading an Omni-RewardBench copy in any of its layouts (protocol.md, "A sample"): a Hugging Face parquet
 * snapshot (read in-process with DuckDB), per-task JSON/JSONL files next to {@code media_data/},
 * or LLaMA-Factory sharegpt ranking files declared in {@code dataset_info.json}.
 * {@link org.omnireward.data.benchmark.BenchmarkLoader#open} detects the layout and streams
 * {@link org.omnireward.data.benchmark.LoadedEntry}s; a bad record is an
 * {@link org.omnireward.data.benchmark.LoadedEntry.Invalid} naming file, record and field, never an
 * exception. {@link org.omnireward.data.benchmark.ValidationReport} is what {@code bench validate}
 * prints.
 */
package org.omnireward.data.benchmark;
