package org.omnireward.data.sets.newsroom;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.util.Json;
import org.omnireward.data.Groups;
import org.omnireward.data.PairSink;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.SkipReason;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.Sources;
import org.omnireward.data.read.RatedPairs;

/**
 * Reads the Newsroom human evaluation in the JUDGE-BENCH layout ({@code newsroom.json}:
 * {@code annotations} names the criteria with their questions; each of {@code instances} holds
 * {@code instance} = "### Generated Summary …### Source Article …" and per criterion
 * {@code mean_human}). Summaries of one article whose mean ratings on a criterion differ by at
 * least {@code minGap} make a pair under that criterion's own question ({@link #criterion}); the
 * prompt asks for a summary of the article; group by article.
 */
public final class NewsroomReader implements PreferenceSource {

    /** The default least difference of mean ratings (1 … 5) of a pair. */
    public static final double DEFAULT_MIN_GAP = 1.0;

    private static final String SUMMARY = "### Generated Summary";
    private static final String ARTICLE = "### Source Article";

    private final Path file;
    private final double minGap;

    /** A reader of {@code file} making pairs whose mean ratings differ by {@code minGap} or more. */
    public NewsroomReader(Path file, double minGap) {
        this.file = file;
        this.minGap = minGap;
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.NEWSROOM;
    }

    @Override
    public String description() {
        return "newsroom file " + file;
    }

    @Override
    public List<Path> files() {
        return List.of(file);
    }

    /**
     * The criterion of a metric: "Prefer the summary that is better on &lt;metric&gt;: &lt;its
     * question without the rating scale&gt;", e.g. "… on informativeness: how well does the summary
     * capture the key points of the article?".
     */
    public static String criterion(String metric, String prompt) {
        String q = prompt.replace("{{ instance }}", "").strip();
        q = q.replaceFirst("(?i)^on a scale of 1 \\(low\\) to 5 \\(high\\),\\s*", "")
                .strip();
        return "Prefer the summary that is better on " + metric.toLowerCase(Locale.ROOT) + ": " + q;
    }

    private record Summary(int id, String text, Map<String, Double> ratings) {}

    @Override
    public void read(PairSink sink) {
        JsonNode root = Json.readTree(file);
        JsonNode annotations = root.path("annotations");
        JsonNode instances = root.path("instances");
        if (!annotations.isArray() || !instances.isArray()) {
            throw new InvalidInputException(
                    file + " is not a Newsroom evaluation file: it needs 'annotations' and " + "'instances' arrays");
        }
        Map<String, String> criteria = new LinkedHashMap<>();
        for (JsonNode a : annotations) {
            criteria.put(
                    a.path("metric").asText(),
                    criterion(a.path("metric").asText(), a.path("prompt").asText("")));
        }
        Map<String, List<Summary>> byArticle = new LinkedHashMap<>();
        for (JsonNode inst : instances) {
            Article a = article(inst, criteria.keySet(), sink);
            if (a != null) {
                byArticle.computeIfAbsent(a.text(), k -> new ArrayList<>()).add(a.summary());
            }
        }
        for (Map.Entry<String, List<Summary>> e : byArticle.entrySet()) {
            String prompt = "Summarise this news article.\n\n" + e.getKey();
            for (Map.Entry<String, String> c : criteria.entrySet()) {
                String metric = c.getKey();
                RatedPairs.forEach(
                        e.getValue(), s -> s.ratings().getOrDefault(metric, Double.NaN), minGap, (chosen, rejected) -> {
                            if (!chosen.text().equals(rejected.text())) {
                                sink.pair(pair(metric, c.getValue(), prompt, chosen, rejected));
                            }
                        });
            }
        }
    }

    /** An instance: the article it summarises, and the summary with its mean rating per metric. */
    private record Article(String text, Summary summary) {}

    /** The article and summary of an instance; null (skipped with the reason) when they cannot be told apart. */
    private Article article(JsonNode inst, Collection<String> metrics, PairSink sink) {
        String where = "instance " + inst.path("id").asText();
        String text = inst.path("instance").asText("");
        int s = text.indexOf(SUMMARY);
        int a = text.indexOf(ARTICLE);
        if (s < 0 || a < s) {
            sink.skipped(new SkippedRecord(
                    file.toString(),
                    where,
                    "instance",
                    SkipReason.INVALID_VALUE,
                    "no '" + SUMMARY + "' before '" + ARTICLE + "'"));
            return null;
        }
        String summary = text.substring(s + SUMMARY.length(), a).strip();
        String article = text.substring(a + ARTICLE.length()).strip();
        if (summary.isBlank() || article.isBlank()) {
            sink.skipped(new SkippedRecord(
                    file.toString(), where, "instance", SkipReason.EMPTY_TEXT, "blank summary or article"));
            return null;
        }
        Map<String, Double> ratings = new LinkedHashMap<>();
        for (String metric : metrics) {
            JsonNode m = inst.path("annotations").path(metric).path("mean_human");
            if (m.isNumber()) {
                ratings.put(metric, m.asDouble());
            }
        }
        return new Article(article, new Summary(inst.path("id").asInt(), summary, ratings));
    }

    private PreferencePair pair(String metric, String criterion, String prompt, Summary chosen, Summary rejected) {
        String id = "newsroom:" + metric.toLowerCase(Locale.ROOT) + ":" + chosen.id() + ">" + rejected.id();
        return PreferencePair.text(
                id,
                Groups.ofPrompt(prompt),
                criterion,
                prompt,
                chosen.text(),
                rejected.text(),
                Sources.of(PreferenceFormat.NEWSROOM, file, "#" + chosen.id()));
    }
}
