/**
 * The BERT-style encoder of the rm model written with DJL array operations (forward and backward), its
 * weights under their Hugging Face names, the word-piece tokenizer, and the base models it can start from.
 */
package org.omnireward.rm.encoder;
