/**
 * The embedded Bradley–Terry reward model: {@link org.omnireward.scalar.bt.FeatureSpec features} of
 * (criterion, prompt, response), a small {@link org.omnireward.scalar.bt.BtHead head}, its
 * {@link org.omnireward.scalar.bt.BtTrainer trainer}, {@link org.omnireward.scalar.bt.BtModelFiles
 * model files} and the {@link org.omnireward.scalar.bt.BtRewardModel scalar reward model} that
 * scores requests with an {@link org.omnireward.scalar.Encoder}. Pure Java, deterministic given a
 * seed. See docs/bt-model.md.
 */
package org.omnireward.scalar.bt;
