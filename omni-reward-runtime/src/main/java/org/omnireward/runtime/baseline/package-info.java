/**
 * The two baselines every figure is reported beside: {@code length} (the longer text response wins) and
 * {@code random} (a seeded coin), each with its provider.
 */
package org.omnireward.runtime.baseline;
