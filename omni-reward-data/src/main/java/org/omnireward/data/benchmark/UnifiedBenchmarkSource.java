package org.omnireward.data.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Task;
import org.omnireward.core.util.StableHash;
import org.omnireward.data.DataFormats;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.RecordSink;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.UnifiedJsonlReader;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.read.JsonRecordReader;

/**
 * A unified preference JSONL file read as a benchmark ({@code bench run --data FILE.jsonl}): every
 * record, converted benchmark records ({@code split: test}) included, becomes a sample whose label is
 * the chosen response ({@code tie} records are ties). The chosen response is placed as response1 or
 * response2 by a hash of the record id, so the file's chosen-first order gives no position cue. Records
 * the unified reader skips are reported through {@link #skipped()}. The file is read once to find its
 * tasks and once per task; one task's samples (media by reference, not their bytes) are held at a time.
 */
public final class UnifiedBenchmarkSource implements BenchmarkSource {

    private final Path file;
    private final Optional<Task> only;
    private List<Task> tasks;
    private final List<SkippedInput> skipped = new ArrayList<>();

    UnifiedBenchmarkSource(Path file, Optional<Task> only) {
        this.file = file;
        this.only = only;
    }

    /** Whether {@code file} is JSON whose first record has the unified fields. */
    static boolean isUnifiedFile(Path file) {
        Optional<JsonRecordReader.Item> first = JsonRecordReader.first(file);
        if (first.isEmpty() || !(first.get() instanceof JsonRecordReader.Record r)) {
            return false;
        }
        JsonNode n = r.node();
        return DataFormats.ofRecord(n)
                .flatMap(DataFormats.Detected::preferenceFormat)
                .filter(f -> f == PreferenceFormat.UNIFIED)
                .isPresent();
    }

    @Override
    public BenchmarkFormat format() {
        return BenchmarkFormat.UNIFIED;
    }

    @Override
    public Path dataDir() {
        return file;
    }

    @Override
    public Path mediaRoot() {
        return file.getParent();
    }

    @Override
    public synchronized List<Task> tasks() {
        if (tasks == null) {
            Set<Task> found = EnumSet.noneOf(Task.class);
            new UnifiedJsonlReader(file, true).read(new RecordSink() {
                @Override
                public void record(UnifiedRecord r) {
                    found.add(r.pair().task());
                }

                @Override
                public void skipped(SkippedRecord s) {
                    skipped.add(new SkippedInput(
                            s.record(),
                            file,
                            (s.field().isEmpty() ? "" : "field '" + s.field() + "': ")
                                    + s.reason().key() + ": " + s.detail()));
                }
            });
            only.ifPresent(t -> found.retainAll(Set.of(t)));
            tasks = List.copyOf(found);
        }
        return tasks;
    }

    @Override
    public List<Path> files(Task task) {
        return List.of(file);
    }

    @Override
    public Stream<LoadedEntry> entries(Task task) {
        List<LoadedEntry> out = new ArrayList<>();
        int[] index = {0};
        long[] record = {0};
        new UnifiedJsonlReader(file, true).read(new RecordSink() {
            @Override
            public void record(UnifiedRecord r) {
                record[0]++;
                if (r.pair().task() == task) {
                    out.add(new LoadedEntry.Valid(sample(r.pair()), new Origin(file, record[0]), index[0]++));
                }
            }

            @Override
            public void skipped(SkippedRecord s) {
                record[0]++;
            }
        });
        return out.stream();
    }

    static PreferenceSample sample(PreferencePair p) {
        boolean second = StableHash.bit(0, "unified-benchmark-order", p.id());
        return PreferenceSample.builder()
                .id(p.id())
                .task(p.task())
                .prompt(p.prompt())
                .inputs(p.inputs())
                .criteria(p.criteria())
                .response1(second ? p.rejected() : p.chosen())
                .response2(second ? p.chosen() : p.rejected())
                .label(p.tie() ? Preference.TIE : second ? Preference.RESPONSE2 : Preference.RESPONSE1)
                .build();
    }

    @Override
    public List<SkippedInput> skipped() {
        tasks();
        return List.copyOf(skipped);
    }

    @Override
    public void close() {}
}
