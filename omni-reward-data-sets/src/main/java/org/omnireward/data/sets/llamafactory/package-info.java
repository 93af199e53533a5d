/**
 * LLaMA-Factory's preference files: sharegpt ranking records ({@code conversations}, {@code chosen},
 * {@code rejected}, media placeholders) and chosen/rejected message chats.
 */
package org.omnireward.data.sets.llamafactory;
