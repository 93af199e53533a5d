package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.cli.CliRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryReader;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;

/**
 * Bad input never crashes a run, end to end through the real command line: a JSON-layout benchmark
 * with valid samples and one record of each kind of defect (missing field, unknown label, missing
 * media file, media path escaping the media root, duplicate id, empty criterion), and a second
 * benchmark whose JSON file is cut off mid-array. {@code bench validate} lists each defect with file,
 * record and reason; {@code bench run} finishes, writes each bad record as a failed {@code invalid}
 * line and counts it in {@code summary.json}; {@code bench report} shows the failures. Unusable
 * input (no folder, no layout, unknown task) exits 2 with one clear message.
 */
class BadInputEndToEndTest {

    private static final String T2T_FILE = "text_to_text_preferences.json";
    private static final String TI2T_FILE = "text_image_to_text_preferences.json";
    private static final String SENTINEL_TEXT =
            "SENTINEL: this file lies outside the media root and must never be read";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The invalid records of the main benchmark; every one is labelled response1 except bad-label. */
    /** The repeated id's second record: reported and counted on its own, under the id plus its origin. */
    private static final String DUPLICATE = "good-1@" + T2T_FILE + "#6";

    private static final Set<String> BAD_IDS =
            Set.of("missing-prompt", "bad-label", DUPLICATE, "empty-criterion", "missing-media", "escape", "absolute");

    @TempDir
    Path tmp;

    private Path bench;
    private Path mediaRoot;
    private Path sentinel;
    private Path corrupt;
    private byte[] png;

    @BeforeEach
    void writeBenchmarks() throws Exception {
        bench = tmp.resolve("bench").toAbsolutePath().normalize();
        mediaRoot = bench.resolve("media_data");
        Files.createDirectories(mediaRoot);
        Path chart = mediaRoot.resolve("chart.png");
        BufferedImage img = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 6, 4);
        g.setColor(Color.RED);
        g.fillRect(1, 1, 3, 2);
        g.dispose();
        assertThat(ImageIO.write(img, "png", chart.toFile())).isTrue();
        png = Files.readAllBytes(chart);
        // outside the media root: ../../outside-secret.txt from bench/media_data
        sentinel = tmp.toAbsolutePath().normalize().resolve("outside-secret.txt");
        Files.writeString(sentinel, SENTINEL_TEXT);

        List<Map<String, Object>> t2t = List.of(
                record("good-1", "response1", "a much longer answer", "short"),
                record("good-2", "response2", "tiny", "a considerably longer one"),
                record("good-tie", "tie", "same", "size"),
                without(record("missing-prompt", "response1", "a", "bb"), "prompt"),
                record("bad-label", "better", "a", "bb"),
                record("good-1", "response2", "the same id", "again"),
                with(record("empty-criterion", "response1", "a", "bb"), "criteria", "   "));
        List<Map<String, Object>> ti2t = List.of(
                with(record("img-1", "response1", "a red square on a white background", "blue"), "image", "chart.png"),
                with(record("img-2", "response2", "red", "a red square, drawn on white"), "image", "chart.png"),
                with(record("missing-media", "response1", "a", "bb"), "image", "absent.png"),
                with(record("escape", "response1", "a", "bb"), "image", "../../outside-secret.txt"),
                with(record("absolute", "response1", "a", "bb"), "image", sentinel.toString()));
        JSON.writerWithDefaultPrettyPrinter().writeValue(bench.resolve(T2T_FILE).toFile(), t2t);
        JSON.writerWithDefaultPrettyPrinter()
                .writeValue(bench.resolve(TI2T_FILE).toFile(), ti2t);

        corrupt = tmp.resolve("corrupt").toAbsolutePath().normalize();
        Files.createDirectories(corrupt);
        Files.writeString(
                corrupt.resolve(T2T_FILE),
                "[\n"
                        + JSON.writeValueAsString(record("c1", "response1", "the longer one", "short")) + ",\n"
                        + JSON.writeValueAsString(record("c2", "response2", "short", "the longer one")) + ",\n"
                        + "{\"id\":\"c3\",\"prompt\":\"p\",\"crit",
                StandardCharsets.UTF_8);
    }

    // ---- bench validate ------------------------------------------------------------------------

    @Test
    void validate_lists_every_invalid_record_with_file_record_and_reason_and_exits_1() {
        CliRun r = run("bench", "validate", "--data", bench.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("Media root: " + mediaRoot)
                .containsPattern("t2t\\s+text_to_text\\s+1\\s+7\\s+3\\s+1\\s+4\\s+0\\s+0\\R")
                .containsPattern("ti2t\\s+text_image_to_text\\s+1\\s+5\\s+2\\s+0\\s+3\\s+2\\s+3\\R")
                .contains("  t2t  " + T2T_FILE + " record 4  id missing-prompt: field 'prompt' is missing\n")
                .contains("  t2t  " + T2T_FILE + " record 5  id bad-label: field 'criteria_preference' is 'better'"
                        + " (expected response1, response2 or tie)\n")
                .contains("  t2t  " + T2T_FILE + " record 6  id " + DUPLICATE
                        + ": duplicate id good-1, first seen at record 1\n")
                .contains("  t2t  " + T2T_FILE + " record 7  id empty-criterion: field 'criteria' is empty\n")
                .contains("  ti2t  " + TI2T_FILE + " record 3  id missing-media: field 'image': media file not found: "
                        + "absent.png (media root " + mediaRoot + ")\n")
                .contains("  ti2t  " + TI2T_FILE + " record 4  id escape: field 'image': media path "
                        + "'../../outside-secret.txt' resolves outside the media root " + mediaRoot + "\n")
                .contains("  ti2t  " + TI2T_FILE + " record 5  id absolute: field 'image': media path '" + sentinel
                        + "' is absolute; expected a path relative to the media root " + mediaRoot + "\n")
                .contains("7 of 12 records are invalid.");
    }

    @Test
    void validate_json_gives_file_record_id_and_reason_of_each_invalid_record() throws Exception {
        CliRun r = run("bench", "validate", "--data", bench.toString(), "--json");

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.at("/valid").asBoolean()).isFalse();
        assertThat(j.at("/totals/invalid").asInt()).isEqualTo(7);
        Map<String, String> where = new LinkedHashMap<>();
        for (JsonNode inv : j.get("invalid_records")) {
            where.put(
                    inv.get("id").asText() + "@" + inv.get("record").asInt(),
                    inv.get("task").asText() + " "
                            + Path.of(inv.get("file").asText()).getFileName() + ": "
                            + inv.get("reason").asText());
        }
        assertThat(where)
                .containsOnlyKeys(
                        "missing-prompt@4",
                        "bad-label@5",
                        DUPLICATE + "@6",
                        "empty-criterion@7",
                        "missing-media@3",
                        "escape@4",
                        "absolute@5");
        assertThat(where.get(DUPLICATE + "@6"))
                .isEqualTo("t2t " + T2T_FILE + ": duplicate id good-1, first seen at record 1");
        assertThat(where.get("escape@4"))
                .startsWith("ti2t " + TI2T_FILE + ": field 'image': media path "
                        + "'../../outside-secret.txt' resolves outside the media root");
    }

    @Test
    void validate_reports_a_truncated_json_file_with_line_after_its_good_records() {
        CliRun r = run("bench", "validate", "--data", corrupt.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out())
                .containsPattern("t2t\\s+text_to_text\\s+1\\s+3\\s+2\\s+0\\s+1\\s")
                .containsPattern("  t2t  " + T2T_FILE.replace(".", "\\.") + " record 3  id "
                        + T2T_FILE.replace(".", "\\.")
                        + "#3: bad JSON in " + T2T_FILE.replace(".", "\\.") + " at line 4 column \\d+: Unexpected "
                        + "end-of-input")
                .contains("1 of 3 records are invalid.");
    }

    // ---- bench run -----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"length", "random"})
    void run_finishes_and_writes_each_bad_record_as_a_failed_invalid_line(String model) {
        Path out = tmp.resolve("runs").resolve(model);

        CliRun r = run("bench", "run", "--data", bench.toString(), "--model", model, "--out", out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains("(23 new lines, 0 already there; 14 failed, 14 of them invalid records)")
                .containsPattern("t2t\\s+13 new\\s+0 already there\\s+8 failed\\s+8 invalid\\R")
                .containsPattern("ti2t\\s+10 new\\s+0 already there\\s+6 failed\\s+6 invalid\\R");

        List<PredictionRecord> lines = PredictionsFile.read(out.resolve(PredictionsFile.NAME));
        Map<String, List<PredictionRecord>> byId = lines.stream()
                .collect(Collectors.groupingBy(PredictionRecord::id, LinkedHashMap::new, Collectors.toList()));
        assertThat(byId.keySet())
                .containsExactlyInAnyOrder(
                        "good-1",
                        "good-2",
                        "good-tie",
                        "missing-prompt",
                        "bad-label",
                        DUPLICATE,
                        "empty-criterion",
                        "img-1",
                        "img-2",
                        "missing-media",
                        "escape",
                        "absolute");

        String t2t = bench.resolve(T2T_FILE).toString();
        String ti2t = bench.resolve(TI2T_FILE).toString();
        Map<String, String> reasons = Map.of(
                "missing-prompt",
                "field 'prompt' is missing (" + t2t + " record 4)",
                "bad-label",
                "field 'criteria_preference' is 'better' (expected response1, response2 or tie) (" + t2t + " record 5)",
                "empty-criterion",
                "field 'criteria' is empty (" + t2t + " record 7)",
                DUPLICATE,
                "duplicate id good-1, first seen at record 1 (" + t2t + " record 6)",
                "missing-media",
                "field 'image': media file not found: absent.png (media root " + mediaRoot + ") (" + ti2t
                        + " record 3)",
                "escape",
                "field 'image': media path '../../outside-secret.txt' resolves outside the media root " + mediaRoot
                        + " (" + ti2t + " record 4)",
                "absolute",
                "field 'image': media path '" + sentinel + "' is absolute; expected a path relative to "
                        + "the media root " + mediaRoot + " (" + ti2t + " record 5)");
        for (String id : BAD_IDS) {
            assertThat(byId.get(id))
                    .as(id)
                    .extracting(PredictionRecord::setting)
                    .containsExactlyInAnyOrder("no_ties", "ties");
            for (PredictionRecord p : byId.get(id)) {
                assertThat(p.failed()).as(id).isTrue();
                assertThat(p.invalid()).as(id).isTrue();
                assertThat(p.prediction()).as(id).isNull();
                assertThat(p.attempts()).as("%s never reached the model", id).isZero();
                assertThat(p.error()).as(id).isEqualTo("invalid: " + reasons.get(id));
                assertThat(p.label())
                        .as(id)
                        .isEqualTo(id.equals("bad-label") ? null : id.equals(DUPLICATE) ? "response2" : "response1");
            }
        }
        for (String id : List.of("good-1", "good-2", "good-tie", "img-1", "img-2")) {
            assertThat(byId.get(id))
                    .as(id)
                    .extracting(PredictionRecord::setting)
                    .containsExactlyInAnyOrderElementsOf(
                            id.equals("good-tie") ? List.of("ties") : List.of("no_ties", "ties"));
            for (PredictionRecord p : byId.get(id)) {
                assertThat(p.failed()).as(id).isFalse();
                assertThat(p.invalid()).as(id).isFalse();
                assertThat(p.error()).as(id).isNull();
                assertThat(p.prediction() != null || p.hasScores())
                        .as("%s got a prediction", id)
                        .isTrue();
                assertThat(p.attempts()).as(id).isEqualTo(1);
            }
        }
        // the repeated id: the first record (index 0, labelled response1) is the sample, the repeat an invalid line
        assertThat(byId.get("good-1")).allSatisfy(p -> {
            assertThat(p.index()).isZero();
            assertThat(p.label()).isEqualTo("response1");
        });

        Summary summary = SummaryReader.read(out.resolve("summary.json"));
        for (Setting s : Setting.values()) {
            Summary.SettingSummary st = summary.setting(s);
            // t2t: good-1, good-2 (+ good-tie with ties); 4 invalid, the repeated id among them
            assertCounts(st, Task.T2T, s == Setting.TIES ? 3 : 2, 4);
            assertCounts(st, Task.TI2T, 2, 3);
            assertThat(st.failedTotal()).isEqualTo(7);
            if (st.overall() > 0) {
                assertThat(st.overallStrict())
                        .as("overall strict < overall in %s", s)
                        .isLessThan(st.overall());
            }
        }
        if (model.equals("length")) {
            // the length baseline gets every valid sample right (the tie has equal lengths)
            for (Setting s : Setting.values()) {
                assertThat(summary.setting(s).task(Task.T2T).accuracy()).isEqualTo(1.0);
                assertThat(summary.setting(s).task(Task.TI2T).strictAccuracy()).isEqualTo(0.4);
            }
            assertThat(summary.setting(Setting.NO_TIES).task(Task.T2T).strictAccuracy())
                    .isEqualTo(2.0 / 6);
            assertThat(summary.setting(Setting.TIES).task(Task.T2T).strictAccuracy())
                    .isEqualTo(3.0 / 7);
        }
    }

    @Test
    void media_outside_the_media_root_never_reaches_the_model() throws Exception {
        Path log = tmp.resolve("seen.log");
        Path out = tmp.resolve("runs").resolve("recorder");

        CliRun r = run(
                "bench",
                "run",
                "--data",
                bench.toString(),
                "--model",
                "media-recorder:" + log,
                "--out",
                out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        List<MediaRecordingModelProvider.Seen> seen = MediaRecordingModelProvider.read(log);
        assertThat(seen)
                .extracting(MediaRecordingModelProvider.Seen::prompt)
                .containsOnly(
                        "Question good-1", "Question good-2", "Question good-tie", "Question img-1", "Question img-2");
        // the model does read the media it is given...
        List<MediaRecordingModelProvider.Seen> images = seen.stream()
                .filter(s -> s.prompt().startsWith("Question img-"))
                .toList();
        assertThat(images).hasSize(4).allSatisfy(s -> {
            assertThat(s.mediaName()).isEqualTo("chart.png");
            assertThat(s.bytes()).isEqualTo(png);
        });
        // ...and never got the file outside the root, by either path
        byte[] secret = SENTINEL_TEXT.getBytes(StandardCharsets.UTF_8);
        assertThat(seen).noneSatisfy(s -> assertThat(s.bytes()).isEqualTo(secret));
        assertThat(seen).noneSatisfy(s -> assertThat(s.mediaName()).contains("outside-secret"));
        assertThat(PredictionsFile.read(out.resolve(PredictionsFile.NAME)))
                .filteredOn(p -> p.id().equals("escape") || p.id().equals("absolute"))
                .hasSize(4)
                .allSatisfy(p -> {
                    assertThat(p.invalid()).isTrue();
                    assertThat(p.attempts()).isZero();
                    assertThat(p.swapped()).isNull();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"length", "random"})
    void run_keeps_the_records_before_a_truncated_json_file_and_fails_the_rest(String model) {
        Path out = tmp.resolve("runs").resolve("corrupt-" + model);

        CliRun r = run("bench", "run", "--data", corrupt.toString(), "--model", model, "--out", out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("(6 new lines, 0 already there; 2 failed, 2 of them invalid records)");
        List<PredictionRecord> lines = PredictionsFile.read(out.resolve(PredictionsFile.NAME));
        assertThat(lines)
                .filteredOn(p -> !p.failed())
                .extracting(p -> p.id() + "/" + p.setting())
                .containsExactlyInAnyOrder("c1/no_ties", "c1/ties", "c2/no_ties", "c2/ties");
        assertThat(lines).filteredOn(PredictionRecord::failed).hasSize(2).allSatisfy(p -> {
            assertThat(p.id()).isEqualTo(T2T_FILE + "#3");
            assertThat(p.invalid()).isTrue();
            assertThat(p.label()).isNull();
            assertThat(p.error())
                    .startsWith("invalid: bad JSON in " + T2T_FILE + " at line 4 column ")
                    .contains("Unexpected end-of-input")
                    .endsWith("(" + corrupt.resolve(T2T_FILE) + " record 3)");
        });
        Summary summary = SummaryReader.read(out.resolve("summary.json"));
        for (Setting s : Setting.values()) {
            assertCounts(summary.setting(s), Task.T2T, 2, 1);
        }
    }

    // ---- bench report --------------------------------------------------------------------------

    @Test
    void report_shows_the_failed_count_and_lists_the_failed_samples() throws Exception {
        Path length = tmp.resolve("runs").resolve("length");
        Path random = tmp.resolve("runs").resolve("random");
        assertThat(run("bench", "run", "--data", bench.toString(), "--model", "length", "--out", length.toString())
                        .exit())
                .isZero();
        assertThat(run("bench", "run", "--data", bench.toString(), "--model", "random", "--out", random.toString())
                        .exit())
                .isZero();

        CliRun table = run("bench", "report", length.toString());
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out())
                .containsPattern("\\| Failed\\s+\\|\\s+7 \\|\\s+7 \\|")
                .containsPattern("\\| Overall strict\\s+\\|\\s+36\\.7 \\|\\s+41\\.4 \\|")
                .containsPattern("\\| Overall\\s+\\|\\s+100\\.0 \\|\\s+100\\.0 \\|");

        Path html = tmp.resolve("report.html");
        CliRun json = run("bench", "report", length.toString(), random.toString(), "--json", "--html", html.toString());
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode runs = JSON.readTree(json.out()).get("runs");
        assertThat(runs).hasSize(2);
        for (JsonNode run : runs) {
            for (String setting : List.of("no_ties", "ties")) {
                JsonNode st = run.at("/settings/" + setting);
                assertThat(st.get("failed").asInt())
                        .as(run.get("model") + " " + setting)
                        .isEqualTo(7);
                Set<String> failedIds = new TreeSet<>();
                for (JsonNode f : st.get("failed_samples")) {
                    failedIds.add(f.get("id").asText());
                    assertThat(f.get("invalid").asBoolean()).isTrue();
                    assertThat(f.get("error").asText()).startsWith("invalid: ");
                }
                assertThat(failedIds).as(run.get("model") + " " + setting).isEqualTo(new TreeSet<>(BAD_IDS));
            }
        }
        JsonNode escape = null;
        for (JsonNode f : runs.get(0).at("/settings/ties/failed_samples")) {
            if (f.get("id").asText().equals("escape")) {
                escape = f;
            }
        }
        assertThat(escape).isNotNull();
        assertThat(escape.get("task").asText()).isEqualTo("ti2t");
        assertThat(escape.get("error").asText()).contains("resolves outside the media root");

        String page = Files.readString(html);
        assertThat(page)
                .contains("Failed samples")
                .contains("missing-prompt")
                .contains("empty-criterion")
                .contains("media file not found: absent.png");
    }

    // ---- unusable input ------------------------------------------------------------------------

    @Test
    void a_missing_folder_exits_2_naming_the_folder() {
        Path nowhere = tmp.resolve("no-such-benchmark").toAbsolutePath();
        Path out = tmp.resolve("runs").resolve("nowhere");
        String expected = "error: benchmark folder " + nowhere + " does not exist" + System.lineSeparator();

        CliRun validate = run("bench", "validate", "--data", nowhere.toString());
        CliRun run = run("bench", "run", "--data", nowhere.toString(), "--model", "length", "--out", out.toString());

        assertThat(validate.exit()).isEqualTo(2);
        assertThat(validate.err()).isEqualTo(expected);
        assertThat(validate.out()).isEmpty();
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(expected);
        assertThat(run.out()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void a_folder_without_a_benchmark_layout_exits_2_saying_what_was_looked_for() throws Exception {
        Path notes = tmp.resolve("notes").toAbsolutePath();
        Files.createDirectories(notes);
        Files.writeString(notes.resolve("readme.txt"), "not a benchmark");
        Files.writeString(notes.resolve("results.csv"), "id,label\n1,response1\n");
        Path out = tmp.resolve("runs").resolve("notes");

        CliRun validate = run("bench", "validate", "--data", notes.toString());
        CliRun run = run("bench", "run", "--data", notes.toString(), "--model", "random", "--out", out.toString());

        for (CliRun r : List.of(validate, run)) {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err())
                    .startsWith("error: no benchmark found in " + notes + ". Looked for:")
                    .contains("hf: <task>/**.parquet, data/<task>/**.parquet")
                    .contains("json: <long_name>_preferences.json, <long_name>.json or <long_name>.jsonl")
                    .contains("llamafactory: dataset_info.json")
                    .contains("the folder contains: readme.txt, results.csv (2 entries)")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
        assertThat(out.resolve(PredictionsFile.NAME)).doesNotExist();
    }

    @Test
    void an_unknown_task_in_tasks_exits_2_listing_the_valid_names_before_anything_is_written() {
        Path out = tmp.resolve("runs").resolve("unknown-task");

        CliRun r = run(
                "bench",
                "run",
                "--data",
                bench.toString(),
                "--model",
                "length",
                "--out",
                out.toString(),
                "--tasks",
                "t2t,t9z");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("error: unknown task 't9z'; expected one of t2t (text_to_text), "
                        + "ti2t (text_image_to_text),")
                .contains("t23d (text_to_3D)");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void a_task_the_benchmark_lacks_exits_2_saying_which_tasks_it_has() {
        Path out = tmp.resolve("runs").resolve("absent-task");

        CliRun r = run(
                "bench",
                "run",
                "--data",
                bench.toString(),
                "--model",
                "random",
                "--out",
                out.toString(),
                "--tasks",
                "t2v");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("error: requested task(s) t2v not found in the benchmark at " + bench + " (it has t2t, ti2t)"
                        + System.lineSeparator());
        assertThat(out.resolve(PredictionsFile.NAME)).doesNotExist();
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Checks n, failed and invalid (every failure here is an invalid record) and the accuracy arithmetic. */
    private static void assertCounts(Summary.SettingSummary st, Task task, int n, int invalid) {
        Summary.TaskSummary t = st.task(task);
        assertThat(t).as(task.id()).isNotNull();
        assertThat(t.n()).as("%s n", task.id()).isEqualTo(n);
        assertThat(t.failed()).as("%s failed", task.id()).isEqualTo(invalid);
        assertThat(t.invalid()).as("%s invalid", task.id()).isEqualTo(invalid);
        assertThat(t.accuracy()).as("%s accuracy", task.id()).isEqualTo((double) t.correct() / n);
        assertThat(t.strictAccuracy())
                .as("%s strict accuracy", task.id())
                .isEqualTo((double) t.correct() / (n + invalid));
        if (t.correct() > 0) {
            assertThat(t.strictAccuracy()).as("%s strict < accuracy", task.id()).isLessThan(t.accuracy());
        }
    }

    private static Map<String, Object> record(String id, String label, String response1, String response2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("prompt", "Question " + id);
        m.put("criteria", "Prefer the more detailed answer.");
        m.put("criteria_preference", label);
        m.put("response1", response1);
        m.put("response2", response2);
        return m;
    }

    private static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
        Map<String, Object> c = new LinkedHashMap<>(m);
        c.put(key, value);
        return c;
    }

    private static Map<String, Object> without(Map<String, Object> m, String key) {
        Map<String, Object> c = new LinkedHashMap<>(m);
        c.remove(key);
        return c;
    }
}
