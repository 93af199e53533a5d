/**
 * The domain and the SPI of Omni-Reward: {@link org.omnireward.core.Task}s, {@link
 * org.omnireward.core.PreferenceSample}s, and the two kinds of {@link org.omnireward.core.RewardModel}
 * (pairwise and scalar) that every backend implements and every harness consumes. Providers are
 * discovered with {@link java.util.ServiceLoader} through {@link org.omnireward.core.RewardModelProvider}.
 */
package org.omnireward.core;
