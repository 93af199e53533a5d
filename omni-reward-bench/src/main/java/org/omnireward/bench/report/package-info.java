/**
 * Reports over finished benchmark runs: loading run directories ({@link
 * org.omnireward.bench.report.RunReport}), the report model computed once from them ({@link
 * org.omnireward.bench.report.Report}: accuracy columns, model calls, paired McNemar tests, task-by-task
 * Pearson correlations) and its renderers — terminal, Markdown and JSON (through {@link
 * org.omnireward.bench.report.Reports}) and the self-contained HTML page ({@link
 * org.omnireward.bench.report.HtmlReport}).
 */
package org.omnireward.bench.report;
