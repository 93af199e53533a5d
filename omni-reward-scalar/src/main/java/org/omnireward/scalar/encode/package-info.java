/**
 * In-process text encoders ({@link org.omnireward.scalar.encode.TextEncoders}: all-MiniLM-L6-v2 and
 * bge-small-en-v1.5 from LangChain4j's ONNX jars) and the on-disk embedding cache
 * ({@link org.omnireward.scalar.encode.EmbeddingCache}, {@link org.omnireward.scalar.encode.CachedEncoder}).
 * Truncation, empty-text handling, the cache file format and the measurements behind the default
 * encoder are described in docs/encoders.md.
 */
package org.omnireward.scalar.encode;
