/**
 * Scalar reward models that score one response at a time: the criterion-conditioned Bradley–Terry model
 * ({@code train bt}, {@code --model bt:DIR}, package {@code bt}), the text encoders it builds features from
 * ({@code encode}) and the client of remote pooling reward servers ({@code remote}).
 */
package org.omnireward.scalar;
