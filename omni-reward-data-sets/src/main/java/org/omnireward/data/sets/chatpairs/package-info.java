/**
 * Prompt plus chosen/rejected strings or message lists: UltraFeedback-binarized, Skywork, TRL's
 * standard, conversational and vision preference records.
 */
package org.omnireward.data.sets.chatpairs;
