/**
 * Anthropic HH-RLHF: chosen/rejected Human/Assistant transcripts ({@code .jsonl}, {@code .jsonl.gz}).
 */
package org.omnireward.data.sets.hhrlhf;
