/**
 * XSTest v2: completions of several models per prompt with human safety labels, paired by label
 * (comply with safe prompts, decline unsafe ones).
 */
package org.omnireward.data.sets.xstest;
