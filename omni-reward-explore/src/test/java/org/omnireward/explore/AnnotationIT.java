package org.omnireward.explore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Task;
import org.omnireward.data.DataConversion;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.RecordSink;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.UnifiedJsonlReader;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.mix.DataMix;
import org.omnireward.data.mix.Recipe;
import org.omnireward.data.stats.DataStats;

/**
 * The annotation queue over HTTP, with the consumers of its output: labels are unified JSONL that
 * {@link UnifiedJsonlReader} reads without a skip, that {@code data convert --from unified} and {@code data mix}
 * take, and whose agreement {@code data stats} reports; the order is seeded per annotator; a second start
 * resumes; two annotators share a file.
 */
class AnnotationIT {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Six pairs: four text pairs with payload sources and provenance, two t2i pairs whose images are elsewhere. */
    static Path pairs(Path dir) throws Exception {
        Path bench = Fixtures.benchmark(dir.resolve("b"));
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("media"));
        Files.copy(bench.resolve("media_data/text_to_image/t2i-000_response1.png"), data.resolve("media/a.png"));
        Files.copy(bench.resolve("media_data/text_to_image/t2i-000_response2.png"), data.resolve("media/b.png"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lines.add("{\"id\":\"p" + i
                    + "\",\"task\":\"t2t\",\"criteria\":\"Prefer the shorter answer.\",\"prompt\":\"Q" + i
                    + " " + Fixtures.payload(i).replace("\"", "\\\"") + "\",\"chosen\":\"short " + i
                    + "\",\"rejected\":\"a much longer answer "
                    + i + "\",\"source\":\"src:" + Fixtures.payload(i + 1).replace("\"", "\\\"")
                    + "\",\"provenance\":{\"note\":\""
                    + Fixtures.payload(i + 2).replace("\"", "\\\"") + "\"}}");
        }
        for (int i = 0; i < 2; i++) {
            lines.add("{\"id\":\"img" + i
                    + "\",\"task\":\"t2i\",\"criteria\":\"Prefer the red ball.\",\"prompt\":\"a red ball\","
                    + "\"chosen\":{\"type\":\"image\",\"path\":\"media/a.png\"},\"rejected\":{\"type\":\"image\","
                    + "\"path\":\"media/b.png\"}}");
        }
        Files.writeString(data.resolve("pairs.jsonl"), String.join("\n", lines) + "\n");
        return data.resolve("pairs.jsonl");
    }

    @Test
    void labels_are_unified_jsonl_with_provenance_resumable_and_read_by_stats_convert_and_mix(@TempDir Path dir)
            throws Exception {
        Path pairs = pairs(dir);
        Path out = dir.resolve("labels/labels.jsonl");
        AnnotationQueue.Settings settings = new AnnotationQueue.Settings(out, List.of("ana", "ben"), null, 7);
        List<String> shownAna = new ArrayList<>();
        List<String> shownBen = new ArrayList<>();
        try (Explorer e = Explorer.annotate(pairs, Optional.empty(), settings, null);
                ExploreServer s = ExploreServer.start(e, ExploreServer.Settings.local(), System.err)) {
            String base = "http://127.0.0.1:" + s.port();
            assertThat(e.queue().size()).isEqualTo(6);
            // ana labels three pairs: A with the given criterion, B with her own, tie with a rationale
            label(base, "ana", "A", null, null, shownAna);
            label(base, "ana", "B", "Prefer the answer with more detail.", null, shownAna);
            label(base, "ana", "tie", null, "both fine", shownAna);
            // ben labels the same first two with the given criterion
            label(base, "ben", "A", null, null, shownBen);
            label(base, "ben", "A", null, null, shownBen);
            // a label of a pair already labelled is refused, the file unchanged
            long before = Files.readAllLines(out).size();
            HttpResponse<String> again = post(
                    base,
                    "ana",
                    "ord=0&shown="
                            + e.queue().shownFirst("ana", e.data().item(0).orElseThrow()) + "&pick=A&criterion="
                            + Markup.enc("Prefer the shorter answer."));
            assertThat(again.statusCode()).isEqualTo(400);
            assertThat(again.body()).contains("already labelled");
            assertThat(Files.readAllLines(out)).hasSize((int) before);
            // a forged order (not the one ana is shown) is refused
            Item third = e.data().item(3).orElseThrow();
            String wrongOrder = e.queue().shownFirst("ana", third).equals("r1") ? "r2" : "r1";
            assertThat(post(base, "ana", "ord=3&shown=" + wrongOrder + "&pick=A&criterion=c")
                            .statusCode())
                    .isEqualTo(400);
            // an empty criterion is refused with a message on the form
            HttpResponse<String> empty = post(
                    base,
                    "ana",
                    "ord=3&shown=" + e.queue().shownFirst("ana", third) + "&pick=A&criterion=__own__&criterion_text=");
            assertThat(empty.statusCode()).isEqualTo(400);
            assertThat(empty.body()).contains("write or pick a criterion");
            // the response order is a seeded coin per annotator and pair: the same every time, not the same for all
            List<String> anaOrder = new ArrayList<>();
            List<String> benOrder = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Item it = e.data().item(i).orElseThrow();
                anaOrder.add(e.queue().shownFirst("ana", it));
                benOrder.add(e.queue().shownFirst("ben", it));
            }
            assertThat(anaOrder).isNotEqualTo(benOrder);
            assertThat(anaOrder).contains("r1", "r2");
        }

        List<String> raw = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(raw).hasSize(5);
        List<UnifiedRecord> records = read(out);
        assertThat(records).hasSize(5);
        UnifiedRecord first = records.get(0);
        JsonNode a = first.provenance().get("annotation");
        assertThat(a.get("annotator").asText()).isEqualTo("ana");
        assertThat(a.get("pick").asText()).isEqualTo("A");
        assertThat(a.get("criterion_origin").asText()).isEqualTo("given");
        assertThat(a.get("item").get("id").asText()).isEqualTo("p0");
        assertThat(a.get("time").asText()).endsWith("Z");
        assertThat(a.get("shown").get(0).asText()).isEqualTo(shownAna.get(0).equals("r1") ? "response1" : "response2");
        // "A" was the response shown first: chosen is that one (response1 of a pair is its chosen answer)
        String chosenA = shownAna.get(0).equals("r1") ? "short 0" : "a much longer answer 0";
        assertThat(first.pair().chosen().requireText()).isEqualTo(chosenA);
        assertThat(a.get("preference").asText()).isEqualTo(shownAna.get(0).equals("r1") ? "response1" : "response2");
        assertThat(first.pair().id()).isEqualTo("p0#ana");
        assertThat(first.pair().source()).startsWith("annotation:ana<-src:");
        assertThat(first.provenance().get("note").asText())
                .isEqualTo(Fixtures.payload(2)); // the pair's own provenance kept
        UnifiedRecord own = records.get(1);
        assertThat(own.pair().criteria()).isEqualTo("Prefer the answer with more detail.");
        assertThat(own.provenance().get("annotation").get("criterion_origin").asText())
                .isEqualTo("written");
        UnifiedRecord tie = records.get(2);
        assertThat(tie.pair().tie()).isTrue();
        assertThat(tie.provenance().get("annotation").get("rationale").asText()).isEqualTo("both fine");
        assertThat(records.get(3)
                        .provenance()
                        .get("annotation")
                        .get("annotator")
                        .asText())
                .isEqualTo("ben");
        assertThat(records).allSatisfy(r -> assertThat(r.split()).isNull());

        // data stats: agreement of ana and ben over the two pairs both labelled under the given criterion
        DataStats.Stats stats = DataStats.compute(out, null);
        assertThat(stats.agreement().perAnnotator()).containsEntry("ana", 3L).containsEntry("ben", 2L);
        assertThat(stats.agreement().multiRated()).isEqualTo(1); // p1: ana wrote her own criterion
        assertThat(stats.agreement().cohen())
                .singleElement()
                .satisfies(k -> assertThat(k.shared()).isEqualTo(1));
        assertThat(DataStats.markdown(stats))
                .contains("Human labels (annotate)")
                .contains("Krippendorff");
        assertThat(DataStats.html(stats, "labels")).contains("Agreement between annotators");

        // data convert --from unified and data mix read the labels
        DataConversion.Report c = DataConversion.convert(
                PreferenceFormat.UNIFIED, out, dir.resolve("conv/all.jsonl"), Optional.empty(), null);
        assertThat(c.records()).isEqualTo(5);
        assertThat(c.skipped()).isZero();
        Path recipe = dir.resolve("labels/recipe.yaml");
        Files.writeString(
                recipe,
                "seed: 1\nvalid_fraction: 0.0\nnear_duplicates: false\nsources:\n"
                        + "  - {name: human, path: labels.jsonl}\n");
        DataMix.Result m = DataMix.run(Recipe.load(recipe), dir.resolve("mix"), null);
        assertThat(m.sources().get("human").read()).isEqualTo(5);
        // and the explorer browses the mix folder by split and source
        try (Explorer mix = Explorer.data(dir.resolve("mix"), Optional.empty(), null)) {
            // (two annotators who agree give the same pair: data mix keeps one of exact duplicates)
            assertThat(mix.data().countsBy("split")).containsEntry("train", m.trainRecords());
            assertThat(mix.data().countsBy("category")).containsEntry("annotation", m.trainRecords());
            assertThat(mix.data().stats().agreement().labels()).isEqualTo(m.trainRecords());
        }

        // media were copied beside the labels, so the file stands alone
        assertThat(dir.resolve("labels/media")).doesNotExist(); // no image pair labelled yet

        // a second start resumes: ana goes on at the fourth pair, ben at the third
        try (Explorer e = Explorer.annotate(pairs, Optional.empty(), settings, null);
                ExploreServer s = ExploreServer.start(e, ExploreServer.Settings.local(), System.err)) {
            String base = "http://127.0.0.1:" + s.port();
            assertThat(e.queue().labelled("ana")).isEqualTo(3);
            assertThat(e.queue().next("ana", -1).orElseThrow().id()).isEqualTo("p3");
            assertThat(e.queue().next("ben", -1).orElseThrow().id()).isEqualTo("p2");
            // ana labels through to the image pairs: their media are copied next to the labels
            label(base, "ana", "A", null, null, shownAna);
            label(base, "ana", "B", null, null, shownAna);
            String done = HTTP.send(
                            HttpRequest.newBuilder(URI.create(base + "/annotate/ana?after=4"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(done).contains("img1");
        }
        List<UnifiedRecord> all = read(out);
        assertThat(all).hasSize(7);
        UnifiedRecord image = all.get(6);
        assertThat(image.pair().task()).isEqualTo(Task.T2I);
        assertThat(image.pair().chosen().media().orElseThrow().path().orElseThrow())
                .startsWith(dir.resolve("labels/media"));
    }

    @Test
    void labels_of_a_benchmark_are_marked_evaluation_only(@TempDir Path dir) throws Exception {
        Path bench = Fixtures.benchmark(dir);
        Path out = dir.resolve("labels.jsonl");
        try (Explorer e = Explorer.annotate(
                        bench, Optional.empty(), new AnnotationQueue.Settings(out, List.of("ana"), Task.T2V, 0), null);
                ExploreServer s = ExploreServer.start(e, ExploreServer.Settings.local(), System.err)) {
            String base = "http://127.0.0.1:" + s.port();
            assertThat(e.queue().size()).isEqualTo(2);
            label(base, "ana", "B", null, null, new ArrayList<>());
        }
        List<UnifiedRecord> records = read(out);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.split()).isEqualTo(UnifiedRecord.TEST_SPLIT);
            assertThat(r.pair().task()).isEqualTo(Task.T2V);
            assertThat(r.pair().chosen().media().orElseThrow().path().orElseThrow())
                    .startsWith(dir)
                    .isRegularFile();
            assertThat(r.provenance().get("annotation").get("item").get("label").asText())
                    .isIn("response1", "response2", "tie");
        });
    }

    /** Opens the annotator's next pair, then posts the label the form asks for; records which slot was A. */
    static void label(
            String base, String annotator, String pick, String ownCriterion, String rationale, List<String> shown)
            throws Exception {
        HttpResponse<String> page = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/annotate/" + annotator))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        String ord = field(html, "ord");
        String first = field(html, "shown");
        shown.add(first);
        Matcher given =
                Pattern.compile("name=\"criterion\" value=\"([^\"]*)\" checked").matcher(html);
        String criterion = ownCriterion != null || !given.find() ? "__own__" : unescape(given.group(1));
        String form = "ord=" + ord + "&shown=" + first + "&pick=" + pick + "&criterion=" + Markup.enc(criterion)
                + "&criterion_text=" + Markup.enc(ownCriterion == null ? "" : ownCriterion) + "&rationale="
                + Markup.enc(rationale == null ? "" : rationale) + "&started=" + System.currentTimeMillis();
        HttpResponse<String> r = post(base, annotator, form);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    }

    static HttpResponse<String> post(String base, String annotator, String form) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/annotate/" + annotator))
                        .header("Origin", base)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    static List<UnifiedRecord> read(Path file) {
        List<UnifiedRecord> out = new ArrayList<>();
        List<SkippedRecord> skipped = new ArrayList<>();
        new UnifiedJsonlReader(file, true).read(new RecordSink() {
            @Override
            public void record(UnifiedRecord r) {
                out.add(r);
            }

            @Override
            public void skipped(SkippedRecord r) {
                skipped.add(r);
            }
        });
        assertThat(skipped).isEmpty();
        return out;
    }

    static PreferencePair pair(UnifiedRecord r) {
        return r.pair();
    }
}
