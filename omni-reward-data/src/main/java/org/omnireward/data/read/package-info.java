/**
 * Building blocks shared by every reader of preference data, benchmark layouts and training formats
 * alike: {@link org.omnireward.data.read.JsonRecordReader} (JSON array or JSONL records with file and
 * record/line positions), {@link org.omnireward.data.read.PlainValues} (records as plain values, as
 * parquet rows are), {@link org.omnireward.data.read.FieldReader} (field access reporting a
 * {@link org.omnireward.data.read.FieldProblem} per bad field),
 * {@link org.omnireward.data.read.SharegptRanking} (LLaMA-Factory sharegpt ranking records) and
 * {@link org.omnireward.data.read.RatedPairs} (pairs of rated candidates, for rated human evaluations).
 */
package org.omnireward.data.read;
