package org.omnireward.explore;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.stats.DataStats;

/**
 * The pages of a data set: what it holds ({@code /data}: counts per task, source and split with links, and the
 * {@code data stats} figures), a filtered list ({@code /data/items}) and one record ({@code /data/item/{ord}}).
 */
final class DataPages {

    private final Explorer explorer;

    DataPages(Explorer explorer) {
        this.explorer = explorer;
    }

    /** The data set, once indexed (its pages wait for the background pass). */
    private DataIndex data() {
        explorer.awaitIndexed();
        return explorer.data();
    }

    void routes(List<ExploreServer.Route> routes) {
        routes.add(new ExploreServer.Route(HandlerType.GET, "/data", this::overview));
        routes.add(new ExploreServer.Route(HandlerType.GET, "/data/items", this::list));
        routes.add(new ExploreServer.Route(HandlerType.GET, "/data/item/{ord}", this::item));
    }

    private void overview(Context ctx) {
        DataIndex data = data();
        StringBuilder h = new StringBuilder("<h1>Data</h1>\n<p><span class=\"path\">")
                .append(Markup.text(data.path().toString()))
                .append("</span>: ")
                .append(Markup.text(data.description()))
                .append(", ")
                .append(String.format(Locale.ROOT, "%,d", data.count()))
                .append(" records")
                .append(data.invalid() > 0 ? String.format(Locale.ROOT, " (%,d invalid)", data.invalid()) : "")
                .append(". <a href=\"/data/items\">Browse all</a></p>\n");
        if (!data.skipped().isEmpty()) {
            h.append("<p class=\"error\">Records the reader could not use:");
            data.skipped()
                    .forEach((k, v) ->
                            h.append(' ').append(Markup.text(k)).append('=').append(v));
            h.append("</p>\n<ul class=\"notices\">");
            data.firstSkips()
                    .forEach(s -> h.append("<li>").append(Markup.text(s)).append("</li>"));
            h.append("</ul>\n");
        }
        h.append("<div class=\"facets\">\n");
        facet(h, "task", "task", data.countsBy("task"));
        facet(h, "source", "category", data.countsBy("category"));
        facet(h, "split", "split", data.countsBy("split"));
        h.append("</div>\n<h2>Statistics (data stats)</h2>\n<div class=\"stats\">\n")
                .append(DataStats.figures(data.stats()))
                .append("</div>\n");
        ctx.html(Markup.page("Data", ExploreServer.nav(explorer, "data"), h.toString()));
    }

    private static void facet(StringBuilder h, String title, String column, Map<String, Long> counts) {
        h.append("<section><h2>By ").append(title).append("</h2><ul>");
        String param = column.equals("category") ? "source" : column;
        counts.forEach((k, v) -> h.append("<li><a href=\"")
                .append(Markup.url("/data/items", Markup.params(param, k)))
                .append("\">")
                .append(Markup.text(k.isEmpty() ? "(none)" : k))
                .append("</a> ")
                .append(String.format(Locale.ROOT, "%,d", v))
                .append("</li>"));
        h.append("</ul></section>\n");
    }

    private ItemFilter filter(Context ctx) {
        String t = ctx.queryParam("task");
        Task task = t == null || t.isBlank()
                ? null
                : Task.lookup(t)
                        .orElseThrow(() -> new InvalidInputException(
                                "unknown task '" + t + "'; expected one of " + Task.validNames()));
        String label = blankToNull(ctx.queryParam("label"));
        if (label != null && !List.of("tie", "decisive", "invalid").contains(label)) {
            throw new InvalidInputException("unknown label filter '" + label + "'");
        }
        return new ItemFilter(
                task,
                blankToNull(ctx.queryParam("source")),
                blankToNull(ctx.queryParam("split")),
                label,
                blankToNull(ctx.queryParam("q")));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Map<String, String> params(ItemFilter f) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("task", f.task() == null ? null : f.task().id());
        p.put("source", f.category());
        p.put("split", f.split());
        p.put("label", f.label());
        p.put("q", f.text());
        return p;
    }

    private void list(Context ctx) {
        DataIndex data = data();
        ItemFilter f = filter(ctx);
        int page = RunPages.pageNumber(ctx);
        Page<Item> rows = data.list(f, page * RunPages.PAGE_SIZE, RunPages.PAGE_SIZE);
        StringBuilder h = new StringBuilder("<p class=\"crumbs\"><a href=\"/data\">Data</a> ›</p>\n<h1>Records</h1>\n");
        filterForm(h, data, f);
        h.append("<p class=\"count\" id=\"count\">")
                .append(String.format(Locale.ROOT, "%,d", rows.total()))
                .append(" records</p>\n");
        h.append("<table class=\"samples\">\n<thead><tr><th>#</th><th>task</th><th>id</th><th>source</th><th>split</th>"
                + "<th>label</th><th>prompt</th><th>criterion</th></tr></thead>\n<tbody>\n");
        for (Item it : rows.rows()) {
            h.append("<tr><td>")
                    .append(it.ord())
                    .append("</td><td>")
                    .append(it.task().id())
                    .append("</td><td><a href=\"/data/item/")
                    .append(it.ord())
                    .append("\">")
                    .append(Markup.text(it.id()))
                    .append("</a></td><td>")
                    .append(Markup.text(it.category()))
                    .append("</td><td>")
                    .append(Markup.text(it.split()))
                    .append("</td><td>")
                    .append(
                            it.invalid() != null
                                    ? "<span class=\"failed\">invalid</span>"
                                    : Markup.text(it.labelText()))
                    .append("</td><td>")
                    .append(Markup.excerpt(it.prompt(), 90))
                    .append("</td><td>")
                    .append(Markup.excerpt(it.criteria(), 70))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        RunPages.pager(h, "/data/items", params(f), rows);
        ctx.html(Markup.page("Records", ExploreServer.nav(explorer, "data"), h.toString()));
    }

    /** The filters of the record list (task, source, split, label, text), each kept from the request. */
    private static void filterForm(StringBuilder h, DataIndex data, ItemFilter f) {
        h.append(
                        "<form class=\"filters\" method=\"get\" action=\"/data/items\" data-autosubmit>\n<label>task <select name=\"task\">")
                .append(RunPages.option("", "any", f.task() == null));
        data.countsBy("task")
                .keySet()
                .forEach(k -> h.append(
                        RunPages.option(k, k, f.task() != null && f.task().id().equals(k))));
        h.append("</select></label>\n<label>source <select name=\"source\">")
                .append(RunPages.option("", "any", f.category() == null));
        data.countsBy("category").keySet().forEach(k -> h.append(RunPages.option(k, k, k.equals(f.category()))));
        h.append("</select></label>\n<label>split <select name=\"split\">")
                .append(RunPages.option("", "any", f.split() == null));
        data.countsBy("split").keySet().forEach(k -> h.append(RunPages.option(k, k, k.equals(f.split()))));
        h.append("</select></label>\n<label>label <select name=\"label\">")
                .append(RunPages.option("", "any", f.label() == null))
                .append(RunPages.option("decisive", "decisive", "decisive".equals(f.label())))
                .append(RunPages.option("tie", "tie", "tie".equals(f.label())))
                .append(RunPages.option("invalid", "invalid record", "invalid".equals(f.label())))
                .append("</select></label>\n<label>text <input type=\"search\" name=\"q\" value=\"")
                .append(Markup.text(f.text() == null ? "" : f.text()))
                .append(
                        "\" placeholder=\"prompt, criterion, responses\"></label>\n<button type=\"submit\">Filter</button>\n</form>\n");
    }

    private void item(Context ctx) {
        DataIndex data = data();
        String ord = ctx.pathParam("ord");
        Optional<Item> found = ord.matches("\\d{1,9}") ? data.item(Integer.parseInt(ord)) : Optional.empty();
        if (found.isEmpty()) {
            ctx.status(404).html(ExploreServer.errorPage("Not found", "No record " + ord));
            return;
        }
        Item it = found.get();
        StringBuilder h = new StringBuilder("<p class=\"crumbs\"><a href=\"/data\">Data</a> › <a href=\"")
                .append(Markup.url(
                        "/data/items", Markup.params("task", it.task().id())))
                .append("\">")
                .append(it.task().id())
                .append("</a> ›</p>\n<h1>")
                .append(Markup.text(it.id()))
                .append("</h1>\n<nav class=\"neighbours\">");
        if (it.ord() > 0) {
            h.append("<a rel=\"prev\" href=\"/data/item/").append(it.ord() - 1).append("\">← previous</a> ");
        }
        if (it.ord() + 1 < data.count()) {
            h.append("<a rel=\"next\" href=\"/data/item/").append(it.ord() + 1).append("\">next →</a>");
        }
        h.append("</nav>\n");
        if (it.invalid() != null) {
            h.append("<p class=\"error\">This record could not be read as a sample: ")
                    .append(Markup.text(it.invalid()))
                    .append("</p>\n");
        } else {
            h.append(ItemView.promptAndCriterion(it, true));
            String[] heads =
                    it.pair() ? new String[] {"Chosen", "Rejected"} : new String[] {"Response 1", "Response 2"};
            if (it.pair() && "tie".equals(it.label())) {
                heads = new String[] {"Response 1 (tie)", "Response 2 (tie)"};
            }
            h.append(ItemView.responses(it, "r1", heads, new String[] {it.model1(), it.model2()}));
        }
        h.append("<dl class=\"facts\">");
        RunPages.fact(h, "label", it.labelText());
        RunPages.fact(h, "task", it.task().id() + " (" + it.task().longName() + ")");
        RunPages.fact(h, "source", it.source());
        RunPages.fact(h, "split", it.split());
        RunPages.fact(h, "file", it.file());
        RunPages.fact(h, "group", it.group());
        h.append("</dl>\n");
        if (it.provenance() != null) {
            h.append("<details><summary>Provenance</summary><pre class=\"raw\" data-field=\"provenance\">")
                    .append(Markup.text(Json.write(it.provenance())))
                    .append("</pre></details>\n");
        }
        ctx.html(Markup.page(it.id(), ExploreServer.nav(explorer, "data"), h.toString()));
    }
}
