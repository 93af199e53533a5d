package org.omnireward.data.mix;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.Progress;
import org.omnireward.data.MediaStore;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.RecordSink;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.Sources;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.convert.DataConversion;
import org.omnireward.data.mix.Recipe.Source;
import org.omnireward.data.mix.Recipe.Step;
import org.omnireward.data.mix.Recipe.StepKind;
import org.omnireward.data.sets.PreferenceReaders;

/**
 * The mix's read pass: streams every source once and, for each record, appends its rows and those of
 * the pairs the recipe's per-record steps derive from it (criterion pairs, quality pairs), and notes the
 * text pairs a criterion-flip step looks among. Skipped records go to {@code skipped.jsonl} as they come.
 */
final class MixReader {

    /** One line of {@code skipped.jsonl}. */
    record SkippedLine(String source, String file, String record, String field, String reason, String detail) {}

    private final Recipe recipe;
    private final MixRows rows;
    private final MediaStore media;
    private final Map<String, DataMix.SourceCounts> counts;
    private final Progress progress;
    private final CriterionSynthesis synthesis;
    private final QualityPairs quality;
    private final List<String> outputs;
    private long read;

    MixReader(
            Recipe recipe,
            MixRows rows,
            MediaStore media,
            Map<String, DataMix.SourceCounts> counts,
            Progress progress) {
        this.recipe = recipe;
        this.rows = rows;
        this.media = media;
        this.counts = counts;
        this.progress = progress;
        this.synthesis = new CriterionSynthesis(recipe.seed());
        this.quality = new QualityPairs(recipe.seed());
        this.outputs = recipe.outputs();
    }

    /** Reads every source into the tables, writing skipped records to {@code skips}. */
    void readAll(BufferedWriter skips) {
        for (int i = 0; i < recipe.sources().size(); i++) {
            Source src = recipe.sources().get(i);
            DataMix.SourceCounts sc = counts.get(src.name());
            SkippedRecord[] first = {null};
            int prio = i;
            for (Path path : src.paths()) {
                if (!Files.exists(path)) {
                    sc.notes.add(path + " does not exist; the source is optional, so it is left out");
                    continue;
                }
                PreferenceSource reader = reader(src, path);
                sc.files += reader.files().size();
                reader.read(new RecordSink() {
                    @Override
                    public void record(UnifiedRecord r) {
                        sc.read++;
                        add(src, prio, r);
                    }

                    @Override
                    public void skipped(SkippedRecord record) {
                        first[0] = first[0] == null ? record : first[0];
                        sc.skipped.merge(record.reason(), 1L, Long::sum);
                        writeSkip(skips, src.name(), record);
                    }

                    @Override
                    public void note(String message) {
                        sc.notes.add(message);
                    }
                });
            }
            requireRecords(src, sc, first[0]);
        }
        if (progress != null) {
            progress.update(read, -1, "records", "read");
        }
    }

    private static PreferenceSource reader(Source src, Path path) {
        if (src.minGap().isPresent()) {
            return PreferenceReaders.reader(src.format(), path, src.minGap());
        }
        return DataConversion.source(src.format(), path);
    }

    private void add(Source src, int prio, UnifiedRecord r) {
        try {
            UnifiedRecord placed = media.place(r);
            Long id = null;
            if (src.write()) {
                MixRows.Origin o = new MixRows.Origin(
                        outputs.indexOf(src.name()),
                        prio,
                        -1,
                        null,
                        false,
                        prio,
                        r.pair().id());
                UnifiedRecord written = src.provenance()
                        ? placed
                        : new UnifiedRecord(placed.pair(), null, placed.split(), placed.inputTurns());
                id = rows.source(
                        written,
                        o,
                        MixRows.copies(src.weight(), recipe.seed(), r.pair().id()));
            }
            for (int j = 0; j < recipe.steps().size(); j++) {
                Step step = recipe.steps().get(j);
                if (step.from().contains(src.name())) {
                    derive(step, j, placed, id, prio);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("data mix: DuckDB failed: " + RecipeLoader.firstLine(e.getMessage()), e);
        }
        read++;
        if (progress != null && (read & 1023) == 0) {
            progress.update(read, -1, "records", src.name());
        }
    }

    private void derive(Step step, int j, UnifiedRecord base, Long parent, int baseSource) throws SQLException {
        PreferencePair p = base.pair();
        int prio = recipe.sources().size() + j;
        if (step.kind() == StepKind.CRITERION_FLIPS) {
            if (!p.tie()
                    && p.inputs().isEmpty()
                    && p.chosen().isText()
                    && p.rejected().isText()) {
                rows.flipCandidate(p, j, parent);
            }
            return;
        }
        List<PreferencePair> made = step.kind() == StepKind.CRITERION_PAIRS
                ? synthesis.pairs(step.criterionKind(), base)
                : p.chosen().isText() ? quality.pairs(p) : List.of();
        if (made.isEmpty()) {
            return;
        }
        String salt = step.salt();
        for (int k = 0; k < made.size(); k++) {
            PreferencePair d = made.get(k);
            // criterion pairs come as a set (both criteria of a kind) drawn and balanced together; quality pairs one by
            // one
            boolean set = step.kind() == StepKind.CRITERION_PAIRS;
            PreferencePair head = set ? made.get(0) : d;
            MixRows.Unit unit = new MixRows.Unit(
                    set && k > 0 ? rows.next() - k : rows.next(),
                    MixRows.direction(head),
                    MixRows.balanceKey(recipe.seed(), head.id()),
                    MixRows.drawn(step.rate(), recipe.seed(), salt, head.id()),
                    set && !step.criterionKind().equals(CriterionSynthesis.REFUSAL) ? MixRows.unorderedKey(p) : null);
            MixRows.Origin o = new MixRows.Origin(
                    outputs.indexOf(Sources.category(d)), prio, j, parent, step.ownDuplicates(), baseSource, p.id());
            List<Integer> turns = d.inputs().size() == p.inputs().size() ? base.inputTurns() : List.of();
            rows.derived(new UnifiedRecord(d, null, null, turns), o, unit);
        }
    }

    private static void writeSkip(BufferedWriter skips, String source, SkippedRecord r) {
        try {
            skips.write(Json.mapper()
                    .writeValueAsString(new SkippedLine(
                            source, r.file(), r.record(), r.field(), r.reason().key(), r.detail())));
            skips.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A source that gives no record is a mistake (an empty file, or a {@code format:} that does not fit it). */
    private static void requireRecords(Source src, DataMix.SourceCounts sc, SkippedRecord first) {
        if (sc.read > 0 || (src.optional() && sc.files == 0)) {
            return;
        }
        String where = "data mix: source '" + src.name() + "' (" + src.path() + ", format "
                + src.format().id() + ")";
        if (sc.skippedCount() == 0) {
            throw new InvalidInputException(where + " holds no records");
        }
        throw new InvalidInputException(where + " gave no records: all " + sc.skippedCount() + " were skipped ("
                + sc.skipped.entrySet().stream()
                        .map(e -> e.getKey().key() + "=" + e.getValue())
                        .collect(Collectors.joining(", "))
                + "; first: " + first + "); does its format: fit the file?");
    }
}
