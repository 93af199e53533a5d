/**
 * Preference data for training reward models: readers of public preference formats (LLaMA-Factory,
 * AlpacaEval annotations, XSTest), the project's unified preference JSONL (reader and writer),
 * group-wise train/valid splits, criterion-conditioned synthesis and the training mix.
 *
 * <p>Every reader streams its records into a {@link org.omnireward.data.PairSink}: a record either
 * becomes one or more {@link org.omnireward.core.PreferencePair}s or is reported as a
 * {@link org.omnireward.data.SkippedRecord} with a {@link org.omnireward.data.SkipReason}. Nothing is
 * dropped silently. Errors that make the rest of a file unreadable (broken JSON array syntax,
 * unterminated CSV quotes, bytes that are not UTF-8, a missing CSV column) throw
 * {@link org.omnireward.core.InvalidInputException} naming the file and position.
 *
 * <p>The benchmark layouts are read in {@code org.omnireward.data.benchmark}; both sides share the
 * building blocks of {@code org.omnireward.data.read} (the streaming JSON record reader, the field
 * helper, the LLaMA-Factory sharegpt parser) and {@link org.omnireward.data.DataFormats}, the one
 * format detection entry point.
 */
package org.omnireward.data;
