/**
 * The BERT-style encoder of the rm model written with DJL array operations (forward and backward), its
 * weights under their Hugging Face names, the word-piece tokenizer, and the base models it can start from.
 *
 * <p>{@link org.omnireward.core.Internal}: public for the project's own modules, not an API.
 */
@Internal
package org.omnireward.rm.encoder;

import org.omnireward.core.Internal;
