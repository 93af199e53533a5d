/**
 * The training kernel every reward-model trainer shares: {@link org.omnireward.training.AdamW},
 * {@link org.omnireward.training.WarmupCosineSchedule}, the {@link org.omnireward.training.ValidationReport}
 * against the {@code length} and {@code random} baselines, the {@link org.omnireward.training.DataFile}
 * records of a model's training data, and {@link org.omnireward.training.Checkpoint} files (on
 * {@link org.omnireward.training.TensorFile}). {@code train bt} (omni-reward-scalar) and {@code train rm}
 * (omni-reward-rm) both use it; neither depends on the other.
 */
package org.omnireward.training;
