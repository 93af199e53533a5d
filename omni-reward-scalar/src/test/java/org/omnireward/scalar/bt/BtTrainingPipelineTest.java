package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.Sha256;
import org.omnireward.data.PreferenceReaders;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.ReadResult;
import org.omnireward.scalar.encode.EmbeddingCache;
import org.omnireward.training.DataFile;
import org.omnireward.training.ValidationReport;

/** The training pipeline behind {@code train bt}, with a fake encoder: what it reads, writes, reports and refuses. */
class BtTrainingPipelineTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private final List<FakeEncoder> encoders = new ArrayList<>();
    private final Recorder heard = new Recorder();

    /** Records everything the pipeline reports. */
    static final class Recorder implements BtPipelineListener {
        final List<String> messages = new ArrayList<>();
        final List<String> phases = new ArrayList<>();
        int steps;
        int epochs;
        int starts;
        BtTrainingResult ended;

        @Override
        public void onMessage(String line) {
            messages.add(line);
        }

        @Override
        public void onEncoding(String phase, long done, long total) {
            if (!phases.contains(phase)) {
                phases.add(phase);
            }
        }

        @Override
        public void onTrainingStart(int trainPairs, int validPairs) {
            starts++;
        }

        @Override
        public void onStep(StepProgress progress) {
            steps++;
        }

        @Override
        public void onEpoch(EpochLog epoch, boolean improved) {
            epochs++;
        }

        @Override
        public void onTrainingEnd(BtTrainingResult result) {
            ended = result;
        }
    }

    private BtTrainingPipeline.Builder pipeline(Path train, Path out) {
        return BtTrainingPipeline.builder()
                .setTrainData(train)
                .setOutputDirectory(out)
                .optConfig(BtTrainingConfig.defaults()
                        .withMaxEpochs(3)
                        .withHiddenSize(8)
                        .withSeed(1))
                .optEncoder(() -> {
                    FakeEncoder e = new FakeEncoder(16);
                    encoders.add(e);
                    return e;
                })
                .optEmbeddingCache(false)
                .optClock(CLOCK)
                .optListener(heard);
    }

    private Path trainFile() throws IOException {
        return PreferenceFiles.write(tmp.resolve("data/train.jsonl"), 0, 30, false);
    }

    private Path validFile() throws IOException {
        return PreferenceFiles.write(tmp.resolve("data/valid.jsonl"), 30, 40, true);
    }

    /** Three ties and a pair with two equal responses: nothing to learn from. */
    private Path unusableFile() throws IOException {
        Path file = tmp.resolve("data/ties.jsonl");
        Files.createDirectories(file.getParent());
        Files.write(
                file,
                List.of(
                        PreferenceFiles.line("t0", "c", "Tell me about tides.", "Tides.", "Waves.", true, null),
                        PreferenceFiles.line("t1", "c", "Tell me about kites.", "Kites.", "Wind.", true, null),
                        PreferenceFiles.line("t2", "c", "Tell me about bees.", "Bees.", "Honey.", true, null),
                        PreferenceFiles.line("same", "c", "Tell me about DNA.", "DNA.", "DNA.", false, null)));
        return file;
    }

    /**
     * The weights a fixed run writes, as the trainer wrote them before its optimiser and schedule moved
     * to the shared training kernel (issue 17): the kernel changed where the code lives, not one bit.
     */
    @Test
    void the_same_seed_gives_the_same_weights_bit_for_bit_as_before_the_training_kernel_moved() throws Exception {
        Path out = tmp.resolve("models/golden");
        pipeline(trainFile(), out).optValidData(validFile()).build().run();
        assertThat(Sha256.hex(out.resolve("weights.bin"))).isEqualTo(GOLDEN_WEIGHTS);
    }

    static final String GOLDEN_WEIGHTS = "0d0b9e286a8b1e3a834a5273e7f0824678c301efbf019c594ab819c33e27ec63";

    @Test
    void a_run_writes_the_model_its_log_plot_and_validation_report_and_reports_what_it_did() throws Exception {
        Path train = trainFile();
        Path valid = validFile();
        Path out = tmp.resolve("models/m");

        BtPipelineResult r = pipeline(train, out).optValidData(valid).build().run();

        assertThat(r.modelSaved()).isTrue();
        assertThat(r.diverged()).isFalse();
        for (String f :
                List.of("manifest.json", "weights.bin", "training-log.json", "training-log.svg", "evaluation.json")) {
            assertThat(out.resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(r.logFile()).isEqualTo(out.resolve("training-log.json"));
        assertThat(r.plotFile()).isEqualTo(out.resolve("training-log.svg"));
        assertThat(r.evaluationFile()).isEqualTo(out.resolve("evaluation.json"));
        assertThat(r.summary())
                .isEqualTo("model: " + out + " (fake-bow-16, best epoch "
                        + r.training().bestEpoch() + " of "
                        + r.training().epochs().size() + ", "
                        + r.training().status().wireName() + ")");
        assertThat(r.filesLine())
                .isEqualTo("log: " + out.resolve("training-log.json") + ", plot: " + out.resolve("training-log.svg"));
        assertThat(r.failureMessage()).isNull();

        assertThat(heard.messages)
                .containsExactly(
                        "train: unified file " + train + ": 60 pairs (0 ties), skipped: none",
                        "valid: unified file " + valid + ": 20 pairs (0 ties), skipped: none");
        assertThat(heard.phases).containsExactly("encoding train texts", "encoding valid texts");
        assertThat(heard.starts).isOne();
        assertThat(heard.steps).isPositive();
        assertThat(heard.epochs).isEqualTo(r.training().epochs().size());
        assertThat(heard.ended).isSameAs(r.training());
        assertThat(encoders).hasSize(1);
        assertThat(encoders.get(0).closed)
                .as("the run closes the encoder it made")
                .isTrue();

        BtModel model = BtModelFiles.load(out);
        assertThat(model.manifest()).isEqualTo(r.manifest());
        JsonNode manifest = Json.mapper().readTree(out.resolve("manifest.json").toFile());
        assertThat(manifest.at("/created_at").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(manifest.at("/training_data/0/sha256").asText()).isEqualTo(Sha256.hex(train));
        assertThat(manifest.at("/training_data/1/role").asText()).isEqualTo("valid");
        assertThat(manifest.at("/training_data/1/counts/pairs").asInt()).isEqualTo(20);
        assertThat(manifest.at("/validation/accuracy_all_pairs").isNumber()).isTrue();
        assertThat(manifest.at("/validation/length_baseline_all_pairs").asDouble())
                .isEqualTo(0.5);
        assertThat(manifest.at("/validation/pairs_synthetic_detailed").asInt()).isEqualTo(10);
    }

    @Test
    void the_validation_report_has_the_model_and_both_baselines_per_subset() throws Exception {
        BtPipelineResult r = pipeline(trainFile(), tmp.resolve("m"))
                .optValidData(validFile())
                .build()
                .run();

        assertThat(r.validation())
                .extracting(ValidationReport.Row::subset)
                .containsExactly("all pairs", "real pairs", "real, length-balanced", "synthetic:detailed", "unified");
        ValidationReport.Row all = r.validation().get(0);
        assertThat(all.pairs()).isEqualTo(20);
        // every answer occurs under both criteria: the length baseline gets exactly half right
        assertThat(all.length()).isEqualTo(0.5);
        assertThat(all.random()).isBetween(0.0, 1.0);
        assertThat(r.validation().get(2).length())
                .as("length-balanced: the chosen answer is the shorter")
                .isZero();
        assertThat(r.validationTable())
                .startsWith(String.format(
                        "  %-30s %7s %8s %8s %8s%n", "validation subset", "pairs", "model", "length", "random"));
        JsonNode evaluation = Json.mapper().readTree(r.evaluationFile().toFile());
        assertThat(evaluation).hasSize(5);
        assertThat(evaluation.get(0).fieldNames())
                .toIterable()
                .containsExactly("subset", "pairs", "model", "length", "random");
        assertThat(evaluation.get(0).path("model").asDouble()).isEqualTo(all.model());
    }

    @Test
    void without_validation_data_ten_percent_of_the_instructions_are_held_out_and_the_message_says_so()
            throws Exception {
        BtPipelineResult r = pipeline(trainFile(), tmp.resolve("m")).build().run();

        assertThat(heard.messages).hasSize(2);
        assertThat(heard.messages.get(1))
                .matches("no validation data: held out \\d+ pairs \\(10% of the instructions\\) " + "for validation");
        assertThat(r.training().validPairs()).isPositive();
        assertThat(r.training().trainPairs() + r.training().validPairs()).isEqualTo(60);
        assertThat(r.validation()).isNotEmpty();
    }

    @Test
    void the_same_settings_and_data_give_byte_identical_model_files() throws Exception {
        Path train = trainFile();
        Path valid = validFile();
        pipeline(train, tmp.resolve("a")).optValidData(valid).build().run();
        pipeline(train, tmp.resolve("b")).optValidData(valid).build().run();

        for (String f : List.of("manifest.json", "weights.bin", "evaluation.json")) {
            assertThat(Files.readAllBytes(tmp.resolve("b").resolve(f)))
                    .as(f)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("a").resolve(f)));
        }
    }

    @Test
    void embeddings_go_to_the_given_cache_directory_and_a_second_run_encodes_nothing_again() throws Exception {
        Path train = trainFile();
        Path cache = tmp.resolve("cache");
        pipeline(train, tmp.resolve("a"))
                .optEmbeddingCache(true)
                .optCacheDirectory(cache)
                .build()
                .run();
        pipeline(train, tmp.resolve("b"))
                .optEmbeddingCache(true)
                .optCacheDirectory(cache)
                .build()
                .run();

        assertThat(cache.resolve("fake-bow-16" + EmbeddingCache.EXTENSION)).isNotEmptyFile();
        assertThat(encoders).hasSize(2);
        assertThat(encoders.get(0).calls).isNotEmpty();
        assertThat(encoders.get(1).calls).as("every text came from the cache").isEmpty();
        assertThat(encoders.get(1).closed).isTrue();
    }

    @Test
    void an_output_path_that_is_a_file_is_refused_before_anything_is_read() throws Exception {
        Path out = Files.writeString(tmp.resolve("model.bin"), "not a directory");

        assertThatThrownBy(() -> pipeline(trainFile(), out).build().run())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("output directory " + out
                        + " is a file; the model is a directory (give a new or existing folder)");
        assertThat(heard.messages).isEmpty();
        assertThat(encoders).isEmpty();
        assertThat(out).hasContent("not a directory");
    }

    @Test
    void a_directory_holding_a_model_is_refused_unless_overwriting_which_removes_the_old_model_first()
            throws Exception {
        Path train = trainFile();
        Path out = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(out.resolve("manifest.json"), "{\"precious\": true}");

        assertThatThrownBy(() -> pipeline(train, out).build().run())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(out + " already holds a model; use another output directory or overwrite");
        assertThat(out.resolve("manifest.json")).hasContent("{\"precious\": true}");

        BtPipelineResult r = pipeline(train, out).optOverwrite(true).build().run();
        assertThat(r.modelSaved()).isTrue();
        assertThat(BtModelFiles.load(out).manifest().encoderId()).isEqualTo("fake-bow-16");
    }

    @Test
    void a_file_without_usable_training_pairs_is_an_error_naming_it_after_reporting_the_counts() throws Exception {
        Path file = unusableFile();
        Path out = tmp.resolve("m");

        assertThatThrownBy(() -> pipeline(file, out).build().run())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(
                        "no usable training pairs in " + file + " (ties and skipped records do not count)");
        assertThat(heard.messages)
                .singleElement()
                .asString()
                .contains("3 pairs (3 ties)")
                .contains("identical_responses=1");
        assertThat(out).doesNotExist();
        assertThat(encoders).as("nothing encoded").isEmpty();
    }

    @Test
    void validation_data_without_usable_pairs_is_an_error_that_uses_the_callers_setting_names() throws Exception {
        Path valid = unusableFile();
        Path out = tmp.resolve("m");

        assertThatThrownBy(() -> pipeline(trainFile(), out)
                        .optValidData(valid)
                        .optSettingNames(new BtTrainingPipeline.SettingNames("--valid", "--out", "--force"))
                        .build()
                        .run())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("no usable validation pairs in " + valid)
                .hasMessageEndingWith("or leave out --valid to hold out 10% of the training instructions");
        assertThat(out).doesNotExist();
    }

    @Test
    void a_missing_training_file_is_an_error_naming_it() {
        Path missing = tmp.resolve("nowhere/train.jsonl");

        assertThatThrownBy(() -> pipeline(missing, tmp.resolve("m")).build().run())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void a_run_that_diverges_in_the_first_epoch_writes_the_log_but_no_model() throws Exception {
        Path out = tmp.resolve("m");
        BtPipelineResult r = pipeline(trainFile(), out)
                .optConfig(BtTrainingConfig.defaults()
                        .withMaxEpochs(2)
                        .withHiddenSize(8)
                        .withLearningRate(1e300)
                        .withWarmupFraction(0))
                .build()
                .run();

        assertThat(r.diverged()).isTrue();
        assertThat(r.modelSaved()).as(r.training().message()).isFalse();
        assertThat(r.failureMessage()).contains("diverged at epoch 1").endsWith(" No model was saved.");
        assertThat(r.evaluationFile()).isNull();
        assertThat(out.resolve("training-log.json")).exists();
        assertThat(out.resolve("manifest.json")).doesNotExist();
        assertThat(out.resolve("weights.bin")).doesNotExist();
    }

    @Test
    void a_run_that_diverges_later_saves_the_last_good_model_and_still_reports_a_failure() throws Exception {
        Path out = tmp.resolve("m");
        // one step per epoch: the first brings the weights near the float limit, the second beyond it
        BtPipelineResult r = pipeline(trainFile(), out)
                .optConfig(BtTrainingConfig.defaults()
                        .withMaxEpochs(2)
                        .withHiddenSize(8)
                        .withLearningRate(1e30)
                        .withWarmupFraction(0))
                .build()
                .run();

        assertThat(r.diverged()).as(r.training().message()).isTrue();
        assertThat(r.modelSaved()).isTrue();
        assertThat(r.training().bestEpoch()).isEqualTo(1);
        assertThat(r.failureMessage())
                .contains("diverged at epoch 2")
                .endsWith(" The model of epoch 1, the last good one, was saved.");
        assertThat(BtModelFiles.load(out).manifest().counts()).containsEntry("best_epoch", 1L);
    }

    @Test
    void the_builder_names_a_missing_required_setting() {
        assertThatThrownBy(() ->
                        BtTrainingPipeline.builder().setOutputDirectory(tmp).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setTrainData");
        assertThatThrownBy(() -> BtTrainingPipeline.builder().setTrainData(tmp).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setOutputDirectory");
    }

    @Test
    void the_manifest_counts_every_skipped_record_of_a_single_file_even_beyond_those_kept_in_detail() throws Exception {
        int bad = ReadResult.MAX_KEPT_SKIPS + 5;
        List<String> lines = new ArrayList<>();
        lines.add(
                PreferenceFiles.line("ok", "c", "Tell me about tides.", "Tides.", "Waves rise and fall.", false, null));
        for (int i = 0; i < bad; i++) {
            lines.add(
                    PreferenceFiles.line("same" + i, "c", "Tell me about DNA " + i + ".", "DNA.", "DNA.", false, null));
        }
        Path file = Files.write(tmp.resolve("train.jsonl"), lines);
        PreferenceSource source = PreferenceReaders.open(file);
        ReadResult read = source.readAll();

        List<DataFile> files = DataFile.of("train", source, read);

        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.counts())
                    .containsExactly(
                            java.util.Map.entry("pairs", 1L),
                            java.util.Map.entry("ties", 0L),
                            java.util.Map.entry("skipped", (long) bad));
            assertThat(f.sha256()).isEqualTo(Sha256.hex(file));
        });
    }
}
