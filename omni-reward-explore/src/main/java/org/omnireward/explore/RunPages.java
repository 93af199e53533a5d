package org.omnireward.explore;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.omnireward.bench.metrics.CallStats;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.report.CallsTable;
import org.omnireward.bench.report.HtmlReport;
import org.omnireward.bench.report.RunReport;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;

/**
 * The pages of runs: all runs side by side ({@code /runs}: the report's accuracy figures, a table per run),
 * one run's overview ({@code /runs/{slug}}: per-task accuracy with intervals in both settings, failures by
 * kind, calls, tokens, cost, swap consistency), a task's sample list with filters ({@code /tasks/{task}}) and
 * a sample with every run's answer ({@code /sample/{task}?id=…}). The URLs carry the whole state, so a link
 * to a filtered list or a sample stays valid for the same runs.
 */
final class RunPages {

    /** Rows per page of a sample list. */
    static final int PAGE_SIZE = 50;

    private final Explorer explorer;
    private final RunIndex index;

    RunPages(Explorer explorer) {
        this.explorer = explorer;
        this.index = explorer.runs();
    }

    void routes(List<ExploreServer.Route> routes) {
        routes.add(new ExploreServer.Route(HandlerType.GET, "/runs", this::home));
        routes.add(new ExploreServer.Route(HandlerType.GET, "/runs/{slug}", this::run));
        routes.add(new ExploreServer.Route(HandlerType.GET, "/tasks/{task}", this::list));
        routes.add(new ExploreServer.Route(HandlerType.GET, "/sample/{task}", this::sample));
        routes.add(new ExploreServer.Route(HandlerType.GET, "/indexed", this::indexed));
    }

    /** Whether the runs' lines are all indexed yet (app.js asks, to reload a page served from a first look). */
    private void indexed(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("application/json").result("{\"runs\":" + explorer.runsIndexed() + "}");
    }

    private List<RunReport> reports() {
        return index.runs().stream().map(RunIndex.Run::report).toList();
    }

    // ------------------------------------------------------------------ /runs

    private void home(Context ctx) {
        explorer.awaitFirstLook();
        String partial = index.partial();
        StringBuilder h = new StringBuilder("<h1>Runs</h1>\n");
        notices(h);
        h.append(partialNote(partial, "The sample counts"));
        h.append("<table class=\"runs\">\n<thead><tr><th>run</th><th>model</th><th>folder</th><th>lines</th>"
                + "<th>overall w/o ties</th><th>overall w/ ties</th><th>failed</th></tr></thead>\n<tbody>\n");
        for (RunIndex.Run r : index.runs()) {
            Summary s = r.summary();
            h.append("<tr><td><a href=\"/runs/")
                    .append(Markup.enc(r.slug()))
                    .append("\">")
                    .append(Markup.text(r.label()))
                    .append("</a></td><td>")
                    .append(Markup.text(s.model()))
                    .append("</td><td class=\"path\">")
                    .append(Markup.text(r.dir().toString()))
                    .append("</td><td>")
                    .append(partial != null ? "indexing…" : String.format(Locale.ROOT, "%,d", r.lines()))
                    .append("</td><td>")
                    .append(overall(s.setting(Setting.NO_TIES)))
                    .append("</td><td>")
                    .append(overall(s.setting(Setting.TIES)))
                    .append("</td><td>")
                    .append(failed(s))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        h.append(dataLine());
        Map<String, Map<String, Long>> perTask = index.samplesPerTask();
        for (Setting s : Setting.values()) {
            if (reports().stream().noneMatch(r -> r.setting(s) != null)) {
                continue;
            }
            h.append("<h2>Accuracy ").append(label(s)).append("</h2>\n");
            h.append(HtmlReport.accuracyFigure(reports(), s));
            h.append("<p class=\"tasks\">Samples: ");
            Map<String, Long> counts = perTask.getOrDefault(s.wireName(), Map.of());
            for (Task t : Task.values()) {
                Long n = counts.get(t.id());
                if (n != null) {
                    h.append("<a href=\"")
                            .append(Markup.url("/tasks/" + t.id(), Markup.params("setting", s.wireName())))
                            .append("\">")
                            .append(t.id())
                            .append(" <small>(")
                            .append(String.format(Locale.ROOT, "%,d", n))
                            .append(")</small></a> ");
                }
            }
            h.append("</p>\n");
        }
        ctx.html(Markup.page("Runs", ExploreServer.nav(explorer, "runs"), h.toString()));
    }

    /**
     * While lists are served from a first look at large runs: what they hold, and that the page reloads itself
     * once every line is indexed (app.js; the page is the same without it, and a reload shows it whole).
     */
    private static String partialNote(String partial, String what) {
        if (partial == null) {
            return "";
        }
        return "<p class=\"note\" id=\"partial\" data-reload-when-indexed>Still indexing the runs' prediction lines. "
                + Markup.text(what) + " so far come from " + Markup.text(partial)
                + "; this page reloads with all of them when indexing is done.</p>\n";
    }

    private String dataLine() {
        DataIndex d = explorer.data();
        if (d == null && explorer.expectsData()) {
            return "<p class=\"note\" id=\"indexing\">Still indexing " + Markup.text(explorer.indexing())
                    + ": prompts, media and text search appear when it is done.</p>\n";
        }
        if (d == null) {
            return "<p class=\"note\">No benchmark data: samples show the runs' predictions only (give --data DIR for"
                    + " prompts, criteria and media).</p>\n";
        }
        return "<p class=\"note\">Samples from <a href=\"/data\">"
                + Markup.text(d.path().toString()) + "</a>: " + Markup.text(d.description()) + ", "
                + String.format(Locale.ROOT, "%,d", d.count()) + " records.</p>\n";
    }

    private void notices(StringBuilder h) {
        List<String> all = new ArrayList<>();
        index.runs().forEach(r -> r.notices().forEach(n -> all.add(r.label() + ": " + n)));
        if (!all.isEmpty()) {
            h.append("<ul class=\"notices\">");
            all.forEach(n -> h.append("<li>").append(Markup.text(n)).append("</li>"));
            h.append("</ul>\n");
        }
    }

    private static String overall(Summary.SettingSummary s) {
        if (s == null) {
            return "–";
        }
        return RunIndex.pct(s.overall()) + " <small>(strict " + RunIndex.pct(s.overallStrict()) + ")</small>";
    }

    private static String failed(Summary s) {
        int n = 0;
        for (Summary.SettingSummary ss : s.settings().values()) {
            n += ss.failedTotal();
        }
        return Integer.toString(n);
    }

    static String label(Setting s) {
        return s == Setting.TIES ? "w/ ties" : "w/o ties";
    }

    // ------------------------------------------------------------------ /runs/{slug}

    private void run(Context ctx) {
        explorer.awaitRuns();
        Optional<RunIndex.Run> found = index.run(ctx.pathParam("slug"));
        if (found.isEmpty()) {
            ctx.status(404).html(ExploreServer.errorPage("Not found", "No run " + ctx.pathParam("slug")));
            return;
        }
        RunIndex.Run r = found.get();
        StringBuilder h = new StringBuilder();
        runHeader(h, r);
        Map<String, Map<String, Map<String, Long>>> kinds = index.failuresByKind(r.no());
        for (Setting setting : Setting.values()) {
            if (r.summary().setting(setting) != null) {
                accuracySection(h, r, setting, kinds.getOrDefault(setting.wireName(), Map.of()));
            }
        }
        callsSection(h, r);
        ctx.html(Markup.page(r.label(), ExploreServer.nav(explorer, "runs"), h.toString()));
    }

    /** The crumbs, the run's name, its facts (model, folder, benchmark, lines, run.json's) and notices. */
    private static void runHeader(StringBuilder h, RunIndex.Run r) {
        Summary s = r.summary();
        h.append("<p class=\"crumbs\"><a href=\"/runs\">Runs</a> ›</p>\n<h1>")
                .append(Markup.text(r.label()))
                .append("</h1>\n<dl class=\"facts\">");
        fact(h, "model", s.model());
        fact(h, "folder", r.dir().toString());
        fact(h, "benchmark", s.data());
        fact(h, "lines", String.format(Locale.ROOT, "%,d", r.lines()));
        if (r.report().runConfig() != null) {
            var c = r.report().runConfig();
            fact(h, "model kind", c.path("model_kind").asText(null));
            fact(h, "started", c.path("started_at").asText(null));
            fact(
                    h,
                    "seed",
                    c.path("seed").isMissingNode() ? null : c.path("seed").asText());
        }
        fact(h, "summary", r.report().recomputed() ? "recomputed from predictions.jsonl" : "summary.json");
        h.append("</dl>\n");
        if (!r.notices().isEmpty()) {
            h.append("<ul class=\"notices\">");
            r.notices().forEach(n -> h.append("<li>").append(Markup.text(n)).append("</li>"));
            h.append("</ul>\n");
        }
    }

    /**
     * A setting's figure and per-task table (links to each task's wrong answers and failures by kind),
     * and its model calls.
     *
     * @param byTask failed lines by task and kind, in this setting
     */
    private static void accuracySection(
            StringBuilder h, RunIndex.Run r, Setting setting, Map<String, Map<String, Long>> byTask) {
        Summary.SettingSummary ss = r.summary().setting(setting);
        h.append("<h2>Accuracy ").append(label(setting)).append("</h2>\n");
        h.append(HtmlReport.accuracyFigure(List.of(r.report()), setting));
        h.append("<table class=\"num\">\n<thead><tr><th>task</th><th>accuracy</th><th>95 % interval</th><th>n</th>"
                + "<th>correct</th><th>failed</th><th>invalid</th><th>strict</th><th>tie ε</th><th>failures by kind</th>"
                + "<th>samples</th></tr></thead>\n<tbody>\n");
        for (Task t : Task.values()) {
            Summary.TaskSummary ts = ss.task(t);
            if (ts != null) {
                taskRow(h, r, setting, t, byTask.getOrDefault(t.id(), Map.of()));
            } else if (ss.isUnsupported(t)) {
                h.append("<tr><td>")
                        .append(t.id())
                        .append("</td><td colspan=\"10\">unsupported by the model</td></tr>\n");
            }
        }
        h.append("<tr class=\"total\"><td>Overall</td><td>")
                .append(RunIndex.pct(ss.overall()))
                .append("</td><td colspan=\"5\"></td><td>")
                .append(RunIndex.pct(ss.overallStrict()))
                .append("</td><td colspan=\"3\"></td></tr>\n</tbody>\n</table>\n");
        CallStats calls = ss.calls();
        if (calls != null) {
            h.append("<h3>Model calls ")
                    .append(label(setting))
                    .append("</h3>\n<p>")
                    .append(Markup.text(CallsTable.line(calls)))
                    .append("</p>\n");
        }
    }

    /** One task's row of a setting's table; {@code kinds}: its failed lines by kind. */
    private static void taskRow(StringBuilder h, RunIndex.Run r, Setting setting, Task t, Map<String, Long> kinds) {
        Summary.SettingSummary ss = r.summary().setting(setting);
        Summary.TaskSummary ts = ss.task(t);
        String listBase = "/tasks/" + t.id();
        h.append("<tr><td>")
                .append(t.id())
                .append("</td><td>")
                .append(RunIndex.pct(ts.accuracy()))
                .append("</td><td>")
                .append(ts.hasInterval() ? RunIndex.pct(ts.ciLow()) + "–" + RunIndex.pct(ts.ciHigh()) : "n/a")
                .append("</td><td>")
                .append(ts.n())
                .append("</td><td>")
                .append(ts.correct())
                .append("</td><td>")
                .append(ts.failed())
                .append("</td><td>")
                .append(ts.invalid())
                .append("</td><td>")
                .append(RunIndex.pct(ts.strictAccuracy()))
                .append("</td><td>")
                .append(
                        ts.tieCalibrated()
                                ? Markup.text(
                                        ss.tieThresholdFor(t) == null
                                                ? "none"
                                                : String.format(Locale.ROOT, "%.4g", ss.tieThresholdFor(t)))
                                : "")
                .append("</td><td>");
        kinds.forEach((kind, n) -> h.append("<a href=\"")
                .append(Markup.url(
                        listBase,
                        Markup.params("setting", setting.wireName(), "run", r.slug(), "status", "failed:" + kind)))
                .append("\">")
                .append(Markup.text(kind))
                .append(" ")
                .append(n)
                .append("</a> "));
        h.append("</td><td><a href=\"")
                .append(Markup.url(
                        listBase, Markup.params("setting", setting.wireName(), "run", r.slug(), "status", "wrong")))
                .append("\">wrong</a> · <a href=\"")
                .append(Markup.url(listBase, Markup.params("setting", setting.wireName())))
                .append("\">all</a></td></tr>\n");
    }

    /** Calls, tokens, cost and swap consistency of the run, in both settings. */
    private static void callsSection(StringBuilder h, RunIndex.Run r) {
        List<List<String>> rows = CallsTable.rows(List.of(r.report()), List.of(Setting.values()));
        if (rows.isEmpty()) {
            return;
        }
        h.append("<h2>Calls, tokens, cost, swap consistency</h2>\n<table class=\"num\">\n<thead><tr>");
        CallsTable.HEADER.forEach(c -> h.append("<th>").append(Markup.text(c)).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            h.append("<tr>");
            row.forEach(c -> h.append("<td>").append(Markup.text(c)).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n<p class=\"note\">")
                .append(Markup.text(CallsTable.NOTE))
                .append("</p>\n");
    }

    static void fact(StringBuilder h, String name, String value) {
        if (value != null && !value.isBlank()) {
            h.append("<dt>")
                    .append(Markup.text(name))
                    .append("</dt><dd>")
                    .append(Markup.text(value))
                    .append("</dd>");
        }
    }

    // ------------------------------------------------------------------ /tasks/{task}

    /** The filter a request names (its query parameters). */
    private RunFilter filter(Context ctx) {
        Task task = Task.lookup(ctx.pathParam("task"))
                .orElseThrow(() -> new InvalidInputException(
                        "unknown task '" + ctx.pathParam("task") + "'; expected one of " + Task.validNames()));
        String s = ctx.queryParam("setting");
        Setting setting = s == null || s.isBlank() ? defaultSetting() : Setting.parse(s);
        String runParam = ctx.queryParam("run");
        Integer run = null;
        boolean all = "all".equals(runParam);
        if (runParam != null && !runParam.isBlank() && !runParam.equals("any") && !all) {
            run = index.run(runParam)
                    .map(RunIndex.Run::no)
                    .orElseThrow(() -> new InvalidInputException("no run '" + runParam + "'"));
        }
        String status = ctx.queryParam("status");
        if (status != null
                && !status.isBlank()
                && !List.of("all", "wrong", "correct", "failed", "predicted-tie", "inconsistent")
                        .contains(status)
                && !status.matches("failed:[a-z_]{1,40}")) {
            throw new InvalidInputException("unknown status '" + status + "'");
        }
        String label = ctx.queryParam("label");
        if (label != null && !label.isBlank() && !List.of("tie", "decisive").contains(label)) {
            throw new InvalidInputException("unknown label filter '" + label + "'");
        }
        return new RunFilter(
                task,
                setting,
                run,
                all,
                status,
                label == null || label.isBlank() ? null : label,
                "1".equals(ctx.queryParam("disagree")),
                ctx.queryParam("q"));
    }

    private Setting defaultSetting() {
        return reports().stream().anyMatch(r -> r.setting(Setting.NO_TIES) != null) ? Setting.NO_TIES : Setting.TIES;
    }

    /** The query parameters that reproduce a filter. */
    private Map<String, String> params(RunFilter f) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("setting", f.setting().wireName());
        p.put("run", f.run() != null ? index.runs().get(f.run()).slug() : f.allRuns() ? "all" : null);
        p.put("status", f.status().equals("all") ? null : f.status());
        p.put("label", f.label());
        p.put("disagree", f.disagree() ? "1" : null);
        p.put("q", f.text() == null || f.text().isBlank() ? null : f.text());
        return p;
    }

    private void list(Context ctx) {
        explorer.awaitFirstLook();
        RunFilter f = filter(ctx);
        if (f.text() != null && !f.text().isBlank()) {
            explorer.awaitIndexed(); // text search reads the rationales and the prompts
        }
        String partial = index.partial();
        int page = pageNumber(ctx);
        boolean withData = explorer.data() != null;
        Page<RunIndex.Row> rows = index.list(f, withData, page * PAGE_SIZE, PAGE_SIZE);
        StringBuilder h = new StringBuilder("<p class=\"crumbs\"><a href=\"/runs\">Runs</a> ›</p>\n<h1>")
                .append(f.task().id())
                .append(" <small>")
                .append(Markup.text(f.task().longName()))
                .append(" · ")
                .append(label(f.setting()))
                .append("</small></h1>\n");
        filterForm(h, f);
        h.append(partialNote(partial, "The samples listed"));
        h.append("<p class=\"count\" id=\"count\">")
                .append(String.format(Locale.ROOT, "%,d", rows.total()))
                .append(rows.total() == 1 ? " sample" : " samples")
                .append(partial != null ? " so far" : "")
                .append(
                        rows.total() == 0
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "; %,d–%,d shown",
                                        rows.offset() + 1,
                                        rows.offset() + rows.rows().size()))
                .append("</p>\n");
        Map<String, String> p = params(f);
        sampleTable(h, f, p, rows.rows(), withData);
        pager(h, "/tasks/" + f.task().id(), p, rows);
        ctx.html(Markup.page(f.task().id() + " samples", ExploreServer.nav(explorer, "runs"), h.toString()));
    }

    /**
     * The samples of a list page: each links to its page (keeping the filter, {@code p}), with every
     * run's outcome and, with data, an excerpt of the prompt and criterion.
     */
    private void sampleTable(
            StringBuilder h, RunFilter f, Map<String, String> p, List<RunIndex.Row> rows, boolean withData) {
        h.append("<table class=\"samples\" id=\"samples\">\n<thead><tr><th>#</th><th>id</th><th>label</th>");
        for (RunIndex.Run r : index.runs()) {
            h.append("<th>").append(Markup.text(r.label())).append("</th>");
        }
        if (withData) {
            h.append("<th>prompt</th><th>criterion</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (RunIndex.Row row : rows) {
            Map<String, String> sp = new LinkedHashMap<>();
            sp.put("id", row.id());
            sp.putAll(p);
            h.append("<tr")
                    .append(row.disagree() ? " class=\"disagree\"" : "")
                    .append("><td>")
                    .append(row.idx())
                    .append("</td><td><a class=\"sample\" href=\"")
                    .append(Markup.url("/sample/" + f.task().id(), sp))
                    .append("\">")
                    .append(Markup.text(row.id()))
                    .append("</a></td><td>")
                    .append(Markup.text(row.label()))
                    .append("</td>");
            for (int r = 0; r < index.runs().size(); r++) {
                h.append(outcomeCell(row, r));
            }
            if (withData) {
                h.append("<td>")
                        .append(Markup.excerpt(row.prompt(), 90))
                        .append("</td><td>")
                        .append(Markup.excerpt(row.criteria(), 70))
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    static int pageNumber(Context ctx) {
        String v = ctx.queryParam("page");
        if (v == null || v.isBlank()) {
            return 0;
        }
        if (!v.matches("\\d{1,7}")) {
            throw new InvalidInputException("page must be a number, got '" + v + "'");
        }
        return Integer.parseInt(v);
    }

    private static String outcomeCell(RunIndex.Row row, int r) {
        if (!row.present()[r]) {
            return "<td class=\"absent\">–</td>";
        }
        if (row.failed()[r] != null) {
            return "<td class=\"failed\">failed: " + Markup.text(row.failed()[r]) + "</td>";
        }
        String cls = row.correct()[r] == null ? "" : row.correct()[r] ? "right" : "wrong";
        String mark = row.correct()[r] == null ? "" : row.correct()[r] ? "✓ " : "✗ ";
        return "<td class=\"" + cls + "\">" + mark
                + Markup.text(row.predictions()[r] == null ? "none" : row.predictions()[r])
                + (row.inconsistent()[r]
                        ? " <span class=\"badge\" title=\"answers for the two orders disagreed\">⇄</span>"
                        : "")
                + "</td>";
    }

    private void filterForm(StringBuilder h, RunFilter f) {
        h.append("<form class=\"filters\" method=\"get\" action=\"/tasks/")
                .append(f.task().id())
                .append("\" data-autosubmit>\n<label>setting <select name=\"setting\">");
        for (Setting s : Setting.values()) {
            h.append(option(s.wireName(), label(s), f.setting() == s));
        }
        h.append("</select></label>\n<label>show <select name=\"status\">");
        h.append(option("all", "all samples", f.status().equals("all")));
        h.append(option("wrong", "wrong", f.status().equals("wrong")));
        h.append(option("correct", "correct", f.status().equals("correct")));
        h.append(option("failed", "failed (any kind)", f.status().equals("failed")));
        for (String kind : index.failureKinds(f.task(), f.setting())) {
            h.append(option("failed:" + kind, "failed: " + kind, f.status().equals("failed:" + kind)));
        }
        h.append(option("predicted-tie", "predicted tie", f.status().equals("predicted-tie")));
        h.append(option("inconsistent", "swap-inconsistent", f.status().equals("inconsistent")));
        h.append("</select></label>\n<label>in <select name=\"run\">");
        h.append(option("any", "any run", f.run() == null && !f.allRuns()));
        h.append(option("all", "every run", f.allRuns()));
        for (RunIndex.Run r : index.runs()) {
            h.append(option(r.slug(), r.label(), f.run() != null && f.run() == r.no()));
        }
        h.append("</select></label>\n<label>label <select name=\"label\">");
        h.append(option("", "any", f.label() == null));
        h.append(option("tie", "tie", "tie".equals(f.label())));
        h.append(option("decisive", "response1/response2", "decisive".equals(f.label())));
        h.append("</select></label>\n");
        if (index.runs().size() > 1) {
            h.append("<label><input type=\"checkbox\" name=\"disagree\" value=\"1\"")
                    .append(f.disagree() ? " checked" : "")
                    .append("> runs disagree</label>\n");
        }
        h.append("<label>text <input type=\"search\" name=\"q\" value=\"")
                .append(Markup.text(f.text() == null ? "" : f.text()))
                .append(
                        "\" placeholder=\"prompt, criterion, rationale\"></label>\n<button type=\"submit\">Filter</button>\n</form>\n");
    }

    static String option(String value, String label, boolean selected) {
        return "<option value=\"" + Markup.text(value) + "\"" + (selected ? " selected" : "") + ">" + Markup.text(label)
                + "</option>";
    }

    static void pager(StringBuilder h, String path, Map<String, String> params, Page<?> rows) {
        long pages = (rows.total() + rows.limit() - 1) / rows.limit();
        if (pages <= 1) {
            return;
        }
        int current = rows.offset() / rows.limit();
        h.append("<nav class=\"pager\">");
        if (current > 0) {
            h.append(pageLink(path, params, current - 1, "← previous", "prev")).append(' ');
        }
        long from = Math.max(0, current - 4);
        long to = Math.min(pages - 1, current + 4);
        if (from > 0) {
            h.append(pageLink(path, params, 0, "1", null)).append(" … ");
        }
        for (long p = from; p <= to; p++) {
            h.append(
                            p == current
                                    ? "<strong>" + (p + 1) + "</strong>"
                                    : pageLink(path, params, p, Long.toString(p + 1), null))
                    .append(' ');
        }
        if (to < pages - 1) {
            h.append("… ")
                    .append(pageLink(path, params, pages - 1, Long.toString(pages), null))
                    .append(' ');
        }
        if (current < pages - 1) {
            h.append(pageLink(path, params, current + 1, "next →", "next"));
        }
        h.append("</nav>\n");
    }

    private static String pageLink(String path, Map<String, String> params, long page, String label, String rel) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put("page", page == 0 ? null : Long.toString(page));
        return "<a href=\"" + Markup.url(path, p) + "\"" + (rel == null ? "" : " rel=\"" + rel + "\"") + ">" + label
                + "</a>";
    }

    // ------------------------------------------------------------------ /sample/{task}

    private void sample(Context ctx) {
        explorer.awaitIndexed(); // prompt, media, rationale and raw output
        RunFilter f = filter(ctx);
        String id = ctx.queryParam("id");
        if (id == null || id.isEmpty()) {
            throw new InvalidInputException("which sample? the id parameter is missing");
        }
        List<RunIndex.Line> lines = index.lines(f.task(), id);
        DataIndex data = explorer.data();
        Optional<Item> item = data == null ? Optional.empty() : data.item(f.task(), id);
        if (lines.isEmpty() && item.isEmpty()) {
            ctx.status(404)
                    .html(ExploreServer.errorPage(
                            "Not found", "No sample " + id + " in " + f.task().id()));
            return;
        }
        Map<String, String> p = params(f);
        StringBuilder h = new StringBuilder("<p class=\"crumbs\"><a href=\"/runs\">Runs</a> › <a href=\"")
                .append(Markup.url("/tasks/" + f.task().id(), p))
                .append("\">")
                .append(f.task().id())
                .append("</a> ›</p>\n<h1 class=\"sample-id\">")
                .append(Markup.text(id))
                .append("</h1>\n");
        int idx = lines.isEmpty() ? item.get().idx() : lines.get(0).idx();
        h.append("<nav class=\"neighbours\">");
        neighbour(h, f, idx, id, false, p);
        neighbour(h, f, idx, id, true, p);
        h.append("</nav>\n");
        record(h, item);
        predictions(h, lines);
        ctx.html(Markup.page(id, ExploreServer.nav(explorer, "runs"), h.toString()));
    }

    /** The benchmark record of a sample page: prompt, criterion, responses and label, or why there is none. */
    private static void record(StringBuilder h, Optional<Item> item) {
        if (item.isPresent()) {
            Item it = item.get();
            if (it.invalid() != null) {
                h.append("<p class=\"error\">This record is invalid: ")
                        .append(Markup.text(it.invalid()))
                        .append("</p>\n");
            } else {
                h.append(ItemView.promptAndCriterion(it, true));
                h.append(ItemView.responses(
                        it, "r1", new String[] {"Response 1", "Response 2"}, new String[] {it.model1(), it.model2()}));
            }
            h.append("<p>Label: <strong class=\"label\">")
                    .append(Markup.text(it.labelText()))
                    .append("</strong> · <a href=\"/data/item/")
                    .append(it.ord())
                    .append("\">data record</a> · <span class=\"path\">")
                    .append(Markup.text(it.file()))
                    .append("</span></p>\n");
        } else {
            h.append("<p class=\"note\">No benchmark record for this sample (give --data DIR to see it).</p>\n");
        }
    }

    /** Every run's line of a sample, setting by setting. */
    private void predictions(StringBuilder h, List<RunIndex.Line> lines) {
        for (Setting s : Setting.values()) {
            List<RunIndex.Line> ls =
                    lines.stream().filter(l -> l.setting().equals(s.wireName())).toList();
            if (ls.isEmpty()) {
                continue;
            }
            h.append("<h2>Predictions ")
                    .append(label(s))
                    .append(" <small>(label ")
                    .append(Markup.text(ls.get(0).label()))
                    .append(")</small></h2>\n<div class=\"predictions\">\n");
            for (RunIndex.Line l : ls) {
                h.append(prediction(l));
            }
            h.append("</div>\n");
        }
    }

    private void neighbour(StringBuilder h, RunFilter f, int idx, String id, boolean next, Map<String, String> p) {
        Optional<RunIndex.Row> n = index.neighbour(f, explorer.data() != null, idx, id, next);
        if (n.isEmpty()) {
            h.append("<span class=\"disabled\">")
                    .append(next ? "next →" : "← previous")
                    .append("</span> ");
            return;
        }
        Map<String, String> sp = new LinkedHashMap<>();
        sp.put("id", n.get().id());
        sp.putAll(p);
        h.append("<a rel=\"")
                .append(next ? "next" : "prev")
                .append("\" href=\"")
                .append(Markup.url("/sample/" + f.task().id(), sp))
                .append("\">")
                .append(next ? "next →" : "← previous")
                .append("</a> ");
    }

    private String prediction(RunIndex.Line l) {
        RunIndex.Run run = index.runs().get(l.run());
        StringBuilder h = new StringBuilder("<article class=\"prediction ");
        h.append(l.failed() ? "failed" : l.correct() == null ? "" : l.correct() ? "right" : "wrong")
                .append("\">\n<h3>")
                .append(Markup.text(run.label()))
                .append("</h3>\n<p class=\"verdict\">");
        verdict(h, l);
        h.append("</p>\n<dl class=\"facts\">");
        lineFacts(h, l);
        h.append("</dl>\n");
        if (l.error() != null) {
            h.append("<h4>Error</h4>\n<div class=\"text error\" data-field=\"error\">")
                    .append(Markup.text(l.error()))
                    .append("</div>\n");
        }
        if (l.rationale() != null) {
            h.append("<h4>Rationale</h4>\n<div class=\"text\" data-field=\"rationale\">")
                    .append(Markup.text(l.rationale()))
                    .append("</div>\n");
        }
        if (l.rawOutput() != null) {
            h.append("<details><summary>Raw output</summary><pre class=\"raw\" data-field=\"raw_output\">")
                    .append(Markup.text(l.rawOutput()))
                    .append("</pre></details>\n");
        }
        return h.append("</article>\n").toString();
    }

    /** What a line says: failed and why, or the prediction (and the one before tie calibration, when it differs). */
    private static void verdict(StringBuilder h, RunIndex.Line l) {
        if (l.failed()) {
            h.append("failed (").append(Markup.text(l.errorKind())).append(")");
        } else {
            h.append(l.correct() == null ? "" : l.correct() ? "✓ " : "✗ ")
                    .append("predicted <strong>")
                    .append(Markup.text(l.prediction() == null ? "none" : l.prediction()))
                    .append("</strong>");
            if (l.rawPrediction() != null && !l.rawPrediction().equals(l.prediction())) {
                h.append(" <small>(before tie calibration: ")
                        .append(Markup.text(l.rawPrediction()))
                        .append(")</small>");
            }
        }
    }

    /** A line's facts: scores, order, swap consistency, attempts, latency, tokens, support. */
    private static void lineFacts(StringBuilder h, RunIndex.Line l) {
        if (l.score1() != null) {
            fact(
                    h,
                    "scores",
                    String.format(
                            Locale.ROOT,
                            "%.4f / %.4f (margin %+.4f)",
                            l.score1(),
                            l.score2(),
                            l.score1() - l.score2()));
        }
        if (l.swapped() != null) {
            fact(h, "order shown", l.swapped() ? "response 2 first (swapped)" : "response 1 first");
        }
        if (l.swapConsistent() != null) {
            fact(
                    h,
                    "swap",
                    l.swapConsistent() ? "consistent in both orders" : "inconsistent: the two orders disagreed");
        }
        fact(h, "attempts", Integer.toString(l.attempts()));
        fact(h, "latency", String.format(Locale.ROOT, "%,d ms", l.latencyMs()));
        if (l.inputTokens() != null || l.outputTokens() != null) {
            fact(
                    h,
                    "tokens",
                    (l.inputTokens() == null ? "?" : String.format(Locale.ROOT, "%,d", l.inputTokens())) + " in / "
                            + (l.outputTokens() == null ? "?" : String.format(Locale.ROOT, "%,d", l.outputTokens()))
                            + " out");
        }
        if (!l.supported()) {
            fact(h, "note", "the model does not support this task; the summary leaves the line out");
        }
    }
}
