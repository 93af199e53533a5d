/**
 * Readers of public preference data sets (module {@code omni-reward-data-sets}), one sub-package per
 * source family, and {@link org.omnireward.data.sets.PreferenceReaders}, which opens a file or folder
 * in a named or detected format ({@code train bt --train}, {@code data convert}, {@code data mix}
 * sources). Each reader streams into a {@link org.omnireward.data.PairSink}: a record becomes pairs or a
 * skipped record with its reason, never nothing. Benchmark test sets are refused here
 * ({@link org.omnireward.data.TestSetGuard}).
 */
package org.omnireward.data.sets;
