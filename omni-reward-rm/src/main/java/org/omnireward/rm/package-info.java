/**
 * The cross-encoder reward model ({@code train rm}, {@code --model rm:DIR}): a BERT encoder reading
 * {@code [CLS] criterion [SEP] prompt [SEP] response [SEP]} with a scalar value head, fine-tuned with the
 * Bradley–Terry loss on DJL's PyTorch engine ({@link org.omnireward.rm.RmTrainer}, {@link
 * org.omnireward.rm.RmTrainingPipeline}), its model folder ({@link org.omnireward.rm.RmModelFiles}) and its
 * provider.
 */
package org.omnireward.rm;
