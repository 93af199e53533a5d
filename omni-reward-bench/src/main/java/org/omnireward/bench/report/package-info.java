/**
 * Reports over finished benchmark runs: loading run directories ({@link
 * org.omnireward.bench.report.RunReport}), the terminal, Markdown and JSON renderings ({@link
 * org.omnireward.bench.report.Reports}), the self-contained HTML page ({@link
 * org.omnireward.bench.report.HtmlReport}), and the statistics they show (paired McNemar tests,
 * task-by-task Pearson correlations).
 */
package org.omnireward.bench.report;
