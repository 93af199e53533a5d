package org.omnireward.explore;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.omnireward.core.InvalidInputException;

/**
 * The annotation pages: {@code /annotate} lists the annotators and their progress; {@code /annotate/{name}}
 * shows the annotator's next pair (prompt, input media, a criterion to keep, reuse or write, responses A and B
 * in the annotator's seeded order, A/B/tie and a rationale) and takes the label as a form post, then shows the
 * next pair. Keys (app.js): A or 1, B or 2, T or 3 pick; Enter saves; S skips.
 */
final class AnnotatePages {

    /** The radio value that means "the criterion typed in the text box". */
    static final String OWN = "__own__";

    private final Explorer explorer;
    private final AnnotationQueue queue;

    AnnotatePages(Explorer explorer) {
        this.explorer = explorer;
        this.queue = explorer.queue();
    }

    void routes(List<ExploreServer.Route> routes) {
        routes.add(new ExploreServer.Route(HandlerType.GET, "/annotate", this::start));
        routes.add(new ExploreServer.Route(HandlerType.GET, "/annotate/{annotator}", this::next));
        routes.add(new ExploreServer.Route(HandlerType.POST, "/annotate/{annotator}", this::save));
    }

    private void start(Context ctx) {
        if (queue.annotators().size() == 1) {
            ctx.redirect("/annotate/" + Markup.enc(queue.annotators().get(0)));
            return;
        }
        StringBuilder h = new StringBuilder("<h1>Annotate</h1>\n<p>Labels go to <span class=\"path\">")
                .append(Markup.text(queue.out().toString()))
                .append("</span>.</p>\n<ul>");
        for (String a : queue.annotators()) {
            h.append("<li><a href=\"/annotate/")
                    .append(Markup.enc(a))
                    .append("\">")
                    .append(Markup.text(a))
                    .append("</a> ")
                    .append(queue.labelled(a))
                    .append(" of ")
                    .append(queue.size())
                    .append(" labelled</li>");
        }
        h.append("</ul>\n");
        ctx.html(Markup.page("Annotate", ExploreServer.nav(explorer, "annotate"), h.toString()));
    }

    private String annotator(Context ctx) {
        String a = ctx.pathParam("annotator");
        if (!queue.hasAnnotator(a)) {
            throw new InvalidInputException("no annotator '" + a + "' in this queue; the server was started for "
                    + String.join(", ", queue.annotators()));
        }
        return a;
    }

    private void next(Context ctx) {
        String a = annotator(ctx);
        int after = -1;
        String afterParam = ctx.queryParam("after");
        if (afterParam != null && afterParam.matches("\\d{1,9}")) {
            after = Integer.parseInt(afterParam);
        }
        Optional<Item> item = queue.next(a, after);
        if (item.isEmpty() && after >= 0) {
            item = queue.next(a, -1);
        }
        StringBuilder h = new StringBuilder();
        String saved = ctx.queryParam("saved");
        if (saved != null && saved.matches("\\d{1,9}")) {
            h.append("<p class=\"saved\" role=\"status\">Saved. ")
                    .append(queue.labelled(a))
                    .append(" of ")
                    .append(queue.size())
                    .append(" labelled.</p>\n");
        }
        if (item.isEmpty()) {
            h.append("<h1>All done</h1>\n<p>")
                    .append(Markup.text(a))
                    .append(" has labelled all ")
                    .append(queue.size())
                    .append(" pairs of this queue. The labels are in <span class=\"path\">")
                    .append(Markup.text(queue.out().toString()))
                    .append("</span>; <code>omni-reward data stats</code> reports"
                            + " the agreement between annotators.</p>\n");
            ctx.html(Markup.page("All done", ExploreServer.nav(explorer, "annotate"), h.toString()));
            return;
        }
        h.append(form(a, item.get(), null));
        ctx.html(Markup.page("Annotate " + item.get().id(), ExploreServer.nav(explorer, "annotate"), h.toString()));
    }

    private String form(String a, Item it, String error) {
        String first = queue.shownFirst(a, it);
        StringBuilder h = new StringBuilder("<p class=\"progress\">")
                .append(Markup.text(a))
                .append(" · ")
                .append(queue.labelled(a))
                .append(" of ")
                .append(queue.size())
                .append(" labelled · pair <span class=\"path\">")
                .append(Markup.text(it.id()))
                .append("</span> (")
                .append(it.task().id())
                .append(")</p>\n");
        if (error != null) {
            h.append("<p class=\"error\" role=\"alert\">")
                    .append(Markup.text(error))
                    .append("</p>\n");
        }
        h.append("<form id=\"annotate\" method=\"post\" action=\"/annotate/")
                .append(Markup.enc(a))
                .append("\">\n")
                .append("<input type=\"hidden\" name=\"ord\" value=\"")
                .append(it.ord())
                .append("\">\n")
                .append("<input type=\"hidden\" name=\"shown\" value=\"")
                .append(first)
                .append("\">\n")
                .append("<input type=\"hidden\" name=\"started\" value=\"")
                .append(System.currentTimeMillis())
                .append("\">\n");
        h.append(ItemView.promptAndCriterion(it, false));
        criterionFieldset(h, a, it);
        h.append(ItemView.responses(it, first, new String[] {"A", "B"}, null));
        h.append("<fieldset class=\"choice\"><legend>Which response is better under the criterion?</legend>\n")
                .append(
                        "<label><input type=\"radio\" name=\"pick\" value=\"A\" required> A <kbd>A</kbd> <kbd>1</kbd></label>\n")
                .append("<label><input type=\"radio\" name=\"pick\" value=\"B\"> B <kbd>B</kbd> <kbd>2</kbd></label>\n")
                .append(
                        "<label><input type=\"radio\" name=\"pick\" value=\"tie\"> equally good <kbd>T</kbd> <kbd>3</kbd></label>\n")
                .append(
                        "</fieldset>\n<label class=\"rationale\">Why (optional)<textarea name=\"rationale\" rows=\"3\" maxlength=\"")
                .append(AnnotationQueue.MAX_RATIONALE)
                .append("\"></textarea></label>\n")
                .append("<p class=\"actions\"><button type=\"submit\">Save and next <kbd>Enter</kbd></button> ")
                .append("<a id=\"skip\" href=\"/annotate/")
                .append(Markup.enc(a))
                .append("?after=")
                .append(it.ord())
                .append("\">skip <kbd>S</kbd></a></p>\n</form>\n");
        return h.toString();
    }

    /**
     * The criterion to label under: the pair's own (chosen by default), those annotator {@code a} used
     * before, or one to write.
     */
    private void criterionFieldset(StringBuilder h, String a, Item it) {
        h.append("<fieldset class=\"criterion\"><legend>Criterion: under what is one response better?</legend>\n");
        boolean hasGiven = it.criteria() != null && !it.criteria().isBlank();
        if (hasGiven) {
            h.append(criterionChoice(it.criteria(), "given with the pair", true));
        }
        for (String c : queue.recentCriteria(a)) {
            if (!c.equals(it.criteria())) {
                h.append(criterionChoice(c, "used before", false));
            }
        }
        h.append("<label class=\"own\"><input type=\"radio\" name=\"criterion\" value=\"")
                .append(OWN)
                .append("\"")
                .append(hasGiven ? "" : " checked")
                .append("> write your own:</label>\n")
                .append("<textarea name=\"criterion_text\" rows=\"2\" maxlength=\"")
                .append(AnnotationQueue.MAX_CRITERION)
                .append(
                        "\" placeholder=\"e.g. Prefer the answer a 10-year-old understands\"></textarea>\n</fieldset>\n");
    }

    private static String criterionChoice(String criterion, String note, boolean checked) {
        return "<label class=\"pick\"><input type=\"radio\" name=\"criterion\" value=\"" + Markup.text(criterion) + "\""
                + (checked ? " checked" : "") + "> <span class=\"text\" data-field=\"criteria\">"
                + Markup.text(criterion)
                + "</span> <small>(" + Markup.text(note) + ")</small></label>\n";
    }

    private void save(Context ctx) {
        String a = annotator(ctx);
        String ordParam = ctx.formParam("ord");
        Optional<Item> item = ordParam != null && ordParam.matches("\\d{1,9}")
                ? explorer.data().item(Integer.parseInt(ordParam))
                : Optional.empty();
        if (item.isEmpty() || item.get().invalid() != null) {
            throw new InvalidInputException("no pair " + ordParam + " in this queue");
        }
        String choice = ctx.formParam("criterion");
        String criterion = choice == null || choice.equals(OWN) ? ctx.formParam("criterion_text") : choice;
        Double seconds = null;
        String started = ctx.formParam("started");
        if (started != null && started.matches("\\d{1,15}")) {
            seconds = Math.max(0, System.currentTimeMillis() - Long.parseLong(started)) / 1000.0;
        }
        try {
            queue.label(
                    a,
                    item.get(),
                    ctx.formParam("shown"),
                    AnnotationQueue.Pick.parse(ctx.formParam("pick")),
                    criterion,
                    ctx.formParam("rationale"),
                    seconds);
        } catch (InvalidInputException e) {
            ctx.status(400)
                    .html(Markup.page(
                            "Annotate " + item.get().id(),
                            ExploreServer.nav(explorer, "annotate"),
                            form(a, item.get(), e.getMessage())));
            return;
        }
        ctx.redirect(
                String.format(
                        Locale.ROOT,
                        "/annotate/%s?after=%d&saved=%d",
                        Markup.enc(a),
                        item.get().ord(),
                        item.get().ord()),
                HttpStatus.SEE_OTHER);
    }
}
