/**
 * The preference-data layer every reader and tool builds on (module {@code omni-reward-data}): the
 * project's unified preference JSONL ({@link org.omnireward.data.UnifiedRecord},
 * {@link org.omnireward.data.UnifiedJsonlReader}, {@link org.omnireward.data.UnifiedJsonlWriter},
 * {@link org.omnireward.data.MediaStore}), the reader contract ({@link org.omnireward.data.PreferenceSource}
 * streaming into a {@link org.omnireward.data.PairSink}, {@link org.omnireward.data.JsonFileSource} and
 * {@link org.omnireward.data.StrictFields} for JSON readers), the names of the formats
 * ({@link org.omnireward.data.PreferenceFormat}) and their detection ({@link org.omnireward.data.DataFormats}),
 * and what every consumer of pairs shares: groups, group-wise splits, length balance, source categories,
 * the default criteria and the test-set guard.
 *
 * <p>Every reader streams its records into a {@link org.omnireward.data.PairSink}: a record either
 * becomes one or more {@link org.omnireward.core.PreferencePair}s or is reported as a
 * {@link org.omnireward.data.SkippedRecord} with a {@link org.omnireward.data.SkipReason}. Nothing is
 * dropped silently. Errors that make the rest of a file unreadable (broken JSON array syntax,
 * unterminated CSV quotes, bytes that are not UTF-8, a missing CSV column) throw
 * {@link org.omnireward.core.InvalidInputException} naming the file and position.
 *
 * <p>The readers of public sets live in {@code org.omnireward.data.sets} (module
 * {@code omni-reward-data-sets}), the benchmark layouts in {@code org.omnireward.data.benchmark}; both
 * build on {@code org.omnireward.data.read} (the streaming JSON record reader, the field reader, the
 * LLaMA-Factory sharegpt parser). The {@code data} commands' tools are in {@code omni-reward-data-tools}.
 */
package org.omnireward.data;
