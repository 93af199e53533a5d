/**
 * {@code data stats}: counts per task and source, ties, criterion lengths and the chosen/rejected
 * length bias, and for human labels the agreement between annotators ({@link org.omnireward.data.stats.Agreement});
 * Markdown and a self-contained HTML page.
 */
package org.omnireward.data.stats;
