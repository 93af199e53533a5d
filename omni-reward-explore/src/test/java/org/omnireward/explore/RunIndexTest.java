package org.omnireward.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;

/**
 * The two ways the runs are indexed give the same index: grouping every run's lines by sample in one statement
 * (what a clean run gets), and reading each run in file order with line numbers (what a run with repeated or
 * malformed lines needs, so that the first of repeated lines counts, as in the summary, and the first malformed
 * line is named). A cut-short last line keeps the one-statement way and is noted.
 */
class RunIndexTest {

    @TempDir
    static Path dir;

    static Path judge;
    static Path scalar;
    private final List<ExploreDb> open = new ArrayList<>();

    @BeforeAll
    static void runs() throws IOException {
        Path bench = Fixtures.benchmark(dir);
        List<Fixtures.Sample> samples = Fixtures.samples(bench);
        judge = Fixtures.judgeRun(dir.resolve("runs/judge"), bench, samples);
        scalar = Fixtures.scalarRun(dir.resolve("runs/scalar"), bench, samples);
    }

    @AfterEach
    void close() {
        open.forEach(ExploreDb::close);
    }

    private RunIndex indexed(List<Path> runs, boolean careful, List<String> notices) {
        ExploreDb db = ExploreDb.create();
        open.add(db);
        RunIndex index = RunIndex.open(runs);
        index.index(db, notices::add, careful);
        index.indexLines();
        return index;
    }

    /** Every row of the index's tables the pages read, as text, in a fixed order. */
    private static List<String> tables(RunIndex index) throws SQLException {
        List<String> out = new ArrayList<>();
        StringBuilder cols = new StringBuilder("task, setting, id, idx, label, disagree");
        for (RunIndex.Run r : index.runs()) {
            int n = r.no();
            cols.append(", p")
                    .append(n)
                    .append(", c")
                    .append(n)
                    .append(", f")
                    .append(n)
                    .append(", k")
                    .append(n)
                    .append(", i")
                    .append(n);
        }
        ExploreDb db = index.db();
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            rows(s, "SELECT 'samples', " + cols + " FROM samples ORDER BY task, setting, idx, id", out);
            rows(s, "SELECT 'lines', * FROM lines ORDER BY run, task, setting, id", out);
            rows(s, "SELECT 'texts', * FROM texts ORDER BY run, task, setting, id", out);
        }
        for (RunIndex.Run r : index.runs()) {
            out.add(r.slug() + " lines " + r.lines() + " repeats " + r.repeats() + " malformed " + r.malformed()
                    + " first " + r.firstMalformed() + " failures " + index.failuresByKind(r.no()));
        }
        for (Task t : Task.values()) {
            for (Setting s : Setting.values()) {
                out.add(t.id() + " " + s.wireName() + " kinds " + index.failureKinds(t, s));
            }
        }
        return out;
    }

    private static void rows(Statement s, String sql, List<String> out) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    sb.append(rs.getString(i)).append('|');
                }
                out.add(sb.toString());
            }
        }
    }

    private static Path copy(Path run, String name) throws IOException {
        Path to = dir.resolve("runs/" + name);
        Files.createDirectories(to);
        try (var files = Files.list(run)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static List<String> lines(Path run) throws IOException {
        return Files.readAllLines(run.resolve(PredictionsFile.NAME), StandardCharsets.UTF_8);
    }

    @Test
    void clean_runs_are_grouped_in_one_statement_and_give_the_careful_index() throws Exception {
        List<String> notices = new ArrayList<>();
        RunIndex fast = indexed(List.of(judge, scalar), false, notices);
        RunIndex careful = indexed(List.of(judge, scalar), true, new ArrayList<>());
        assertThat(fast.direct()).isTrue();
        assertThat(careful.direct()).isFalse();
        List<String> expected = tables(careful);
        assertThat(expected.stream().filter(l -> l.startsWith("samples|")).count())
                .isPositive();
        assertThat(expected.stream().filter(l -> l.startsWith("texts|")).count())
                .isPositive();
        assertThat(tables(fast)).containsExactlyElementsOf(expected);
        assertThat(fast.runs().get(0).lines()).isEqualTo(lines(judge).size());
        assertThat(notices).isEmpty();
    }

    @Test
    void a_first_look_at_large_runs_serves_lists_of_the_lines_read_until_every_line_is_indexed() throws Exception {
        ExploreDb db = ExploreDb.create();
        open.add(db);
        RunIndex index = RunIndex.open(List.of(judge, scalar));
        long size = Files.size(judge.resolve(PredictionsFile.NAME));
        assertThat(index.indexFirst(db, size / 3)).isTrue();
        assertThat(index.partial()).contains(" of ").contains("the runs' predictions");
        RunIndex whole = indexed(List.of(judge, scalar), true, new ArrayList<>());
        long firstLook = 0;
        long all = 0;
        for (Task t : Task.values()) {
            for (Setting s : Setting.values()) {
                for (String status : List.of("all", "wrong", "correct", "failed", "predicted-tie")) {
                    RunFilter f = new RunFilter(t, s, null, false, status, null, false, null);
                    Page<RunIndex.Row> first = index.list(f, false, 0, 1_000_000);
                    Map<String, RunIndex.Row> complete = new HashMap<>();
                    whole.list(f, false, 0, 1_000_000).rows().forEach(r -> complete.put(r.id(), r));
                    // what the first look lists is so: each run's outcome of the lines read so far, as indexed whole
                    for (RunIndex.Row r : first.rows()) {
                        RunIndex.Row w = complete.get(r.id());
                        assertThat(w)
                                .as(t + " " + s + " " + status + " " + r.id())
                                .isNotNull();
                        for (int k = 0; k < 2; k++) {
                            if (r.present()[k]) {
                                assertThat(r.predictions()[k]).isEqualTo(w.predictions()[k]);
                                assertThat(r.correct()[k]).isEqualTo(w.correct()[k]);
                                assertThat(r.failed()[k]).isEqualTo(w.failed()[k]);
                            }
                        }
                        assertThat(r.label()).isEqualTo(w.label());
                    }
                    if (status.equals("all")) {
                        firstLook += first.total();
                        all += complete.size();
                    }
                }
            }
        }
        assertThat(firstLook).isPositive().isLessThan(all);

        // then every line: the index (every filter, every count) is the one the careful way gives, no longer partial
        index.index(db, n -> {});
        index.indexLines();
        assertThat(index.partial()).isNull();
        assertThat(tables(index)).containsExactlyElementsOf(tables(whole));
        assertThat(index.runs().get(0).lines()).isEqualTo(lines(judge).size());
    }

    @Test
    void no_first_look_when_the_runs_are_small_or_the_lines_read_repeat_a_sample() throws Exception {
        ExploreDb db = ExploreDb.create();
        open.add(db);
        RunIndex small = RunIndex.open(List.of(judge, scalar));
        assertThat(small.indexFirst(db, Files.size(judge.resolve(PredictionsFile.NAME))))
                .isFalse();
        assertThat(small.partial()).isNull();

        Path run = copy(judge, "repeats-early");
        List<String> changed = new ArrayList<>(lines(run));
        changed.add(1, changed.get(0));
        Files.write(run.resolve(PredictionsFile.NAME), changed, StandardCharsets.UTF_8);
        ExploreDb db2 = ExploreDb.create();
        open.add(db2);
        RunIndex repeats = RunIndex.open(List.of(run, scalar));
        assertThat(repeats.indexFirst(db2, Files.size(run.resolve(PredictionsFile.NAME)) / 3))
                .isFalse();
        assertThat(repeats.partial()).isNull();
        repeats.index(db2, n -> {});
        assertThat(repeats.runs().get(0).repeats()).isEqualTo(1);
    }

    @Test
    void a_repeated_line_and_a_malformed_line_take_the_careful_way_first_line_counting() throws Exception {
        Path run = copy(judge, "repeats");
        List<String> all = lines(run);
        // the second line again, its prediction flipped: the first one must count
        String again = all.get(1).contains("\"prediction\":\"response1\"")
                ? all.get(1).replace("\"prediction\":\"response1\"", "\"prediction\":\"response2\"")
                : all.get(1).replace("\"prediction\":\"response2\"", "\"prediction\":\"response1\"");
        assertThat(again).isNotEqualTo(all.get(1));
        List<String> changed = new ArrayList<>(all);
        changed.add(3, "{\"task\": \"t2t\", \"setting\": \"ties\"}");
        changed.add(again);
        Files.write(run.resolve(PredictionsFile.NAME), changed, StandardCharsets.UTF_8);

        List<String> notices = new ArrayList<>();
        RunIndex fast = indexed(List.of(run, scalar), false, notices);
        RunIndex careful = indexed(List.of(run, scalar), true, new ArrayList<>());
        assertThat(fast.direct()).isFalse();
        RunIndex.Run r = fast.runs().get(0);
        assertThat(r.repeats()).isEqualTo(1);
        assertThat(r.malformed()).isEqualTo(1);
        assertThat(r.firstMalformed()).contains("record 4");
        assertThat(r.lines()).isEqualTo(all.size());
        assertThat(notices).anyMatch(n -> n.contains("1 repeated")).anyMatch(n -> n.contains("not prediction records"));
        assertThat(tables(fast)).containsExactlyElementsOf(tables(careful));
        // and it gives the index of the original run, the repeat ignored
        RunIndex original = indexed(List.of(judge, scalar), false, new ArrayList<>());
        assertThat(tables(fast).stream().filter(l -> l.startsWith("samples|")).toList())
                .containsExactlyElementsOf(tables(original).stream()
                        .filter(l -> l.startsWith("samples|"))
                        .toList());
    }

    @Test
    void a_cut_short_last_line_is_noted_and_keeps_the_one_statement_way() throws Exception {
        Path run = copy(judge, "torn");
        String first = lines(run).get(0);
        Files.writeString(
                run.resolve(PredictionsFile.NAME),
                first.substring(0, first.length() / 2),
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        List<String> notices = new ArrayList<>();
        RunIndex fast = indexed(List.of(run, scalar), false, notices);
        RunIndex careful = indexed(List.of(run, scalar), true, new ArrayList<>());
        assertThat(fast.direct()).isTrue();
        assertThat(RunIndex.endsTorn(run.resolve(PredictionsFile.NAME))).isTrue();
        assertThat(fast.runs().get(0).malformed()).isZero();
        assertThat(fast.runs().get(0).notices()).anyMatch(n -> n.contains("cut short"));
        assertThat(notices).anyMatch(n -> n.contains("cut short"));
        assertThat(tables(fast)).containsExactlyElementsOf(tables(careful));
    }

    @Test
    void a_whole_last_line_without_a_newline_is_a_line_like_any_other() throws Exception {
        Path run = copy(scalar, "no-newline");
        String text = Files.readString(run.resolve(PredictionsFile.NAME), StandardCharsets.UTF_8);
        Files.writeString(run.resolve(PredictionsFile.NAME), text.stripTrailing(), StandardCharsets.UTF_8);
        assertThat(RunIndex.endsTorn(run.resolve(PredictionsFile.NAME))).isFalse();
        RunIndex fast = indexed(List.of(judge, run), false, new ArrayList<>());
        assertThat(fast.direct()).isTrue();
        assertThat(fast.runs().get(1).lines()).isEqualTo(lines(scalar).size());
        assertThat(fast.runs().get(1).notices()).isEmpty();
        assertThat(tables(fast))
                .containsExactlyElementsOf(tables(indexed(List.of(judge, run), true, new ArrayList<>())));
    }
}
