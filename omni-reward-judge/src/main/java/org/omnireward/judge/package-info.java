/**
 * Generative reward models: LLM judges over chat APIs. {@link org.omnireward.judge.ChatJudge} is the
 * vendor-neutral core (prompt templates, media parts, verdict parsing, swap, pointwise, cache);
 * {@link org.omnireward.judge.ChatBackend} is one vendor's API; {@link
 * org.omnireward.judge.OpenAiJudgeProvider} registers {@code --model openai:MODEL}.
 */
package org.omnireward.judge;
