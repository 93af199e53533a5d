/**
 * Newsroom human evaluation (JUDGE-BENCH layout): summaries rated 1–5 on four named criteria, each
 * criterion its own question.
 */
package org.omnireward.data.sets.newsroom;
