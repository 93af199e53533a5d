package org.omnireward.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.benchmark.BenchmarkLoader;
import org.omnireward.data.benchmark.BenchmarkSource;
import org.omnireward.data.benchmark.LoadOptions;
import org.omnireward.data.benchmark.LoadedEntry;
import org.omnireward.data.benchmark.SkippedInput;

/**
 * Omni-RewardBench (any layout {@link BenchmarkLoader} reads: Hugging Face parquet, per-task JSON,
 * LLaMA-Factory) as unified records for evaluation: every record is marked {@code split: test}, so the
 * training readers, {@code data mix} and {@code data export} refuse it while {@code bench run --data
 * FILE.jsonl} reads it. The preferred response is {@code chosen}; a tie keeps response1 as
 * {@code chosen} with {@code tie: true}; the models' names go into {@code provenance}.
 */
public final class BenchmarkRecords implements PreferenceSource {

    private final Path dir;
    private final LoadOptions options;

    public BenchmarkRecords(Path dir, LoadOptions options) {
        this.dir = dir;
        this.options = options;
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.OMNIREWARDBENCH;
    }

    @Override
    public String description() {
        return format().id() + " folder " + dir;
    }

    @Override
    public List<Path> files() {
        return List.of(dir);
    }

    @Override
    public void read(PairSink sink) {
        try (BenchmarkSource src = BenchmarkLoader.open(dir, options)) {
            for (SkippedInput s : src.skipped()) {
                sink.skipped(new SkippedRecord(
                        String.valueOf(s.file()), "-", "", SkipReason.UNRECOGNISED_FILE, s.name() + ": " + s.reason()));
            }
            for (Task t : src.tasks()) {
                try (Stream<LoadedEntry> entries = src.entries(t)) {
                    entries.forEach(e -> {
                        if (e instanceof LoadedEntry.Invalid inv) {
                            sink.skipped(new SkippedRecord(
                                    inv.origin().file().toString(),
                                    "record " + inv.origin().record(),
                                    "",
                                    SkipReason.INVALID_VALUE,
                                    inv.reason()));
                        } else {
                            RecordSink.send(
                                    sink,
                                    record(
                                            ((LoadedEntry.Valid) e).sample(),
                                            src.format().cliName()));
                        }
                    });
                }
            }
        }
    }

    /** One benchmark sample as an evaluation-only unified record. */
    static UnifiedRecord record(PreferenceSample s, String layout) {
        Preference label = s.label().orElse(Preference.TIE);
        boolean second = label == Preference.RESPONSE2;
        Response chosen = second ? s.response2() : s.response1();
        Response rejected = second ? s.response1() : s.response2();
        String source = "omnirewardbench:" + s.task().longName() + "/" + s.id();
        PreferencePair pair = new PreferencePair(
                s.task().id() + ":" + s.id(),
                s.task(),
                Groups.ofPrompt(s.prompt()),
                s.criteria(),
                s.prompt(),
                new ArrayList<>(s.inputs()),
                chosen,
                rejected,
                label == Preference.TIE,
                source);
        ObjectNode prov = Json.mapper().createObjectNode();
        ObjectNode b = prov.putObject("benchmark");
        b.put("layout", layout);
        b.put("id", s.id());
        b.put("label", label.toString());
        s.model1().ifPresent(m -> b.put(second ? "rejected_model" : "chosen_model", m));
        s.model2().ifPresent(m -> b.put(second ? "chosen_model" : "rejected_model", m));
        return new UnifiedRecord(pair, prov, UnifiedRecord.TEST_SPLIT);
    }
}
