package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.Response;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.UnsupportedTaskException;

class BtRewardModelTest {

    private static BtTrainingResult trained;

    @TempDir
    static Path dir;

    @BeforeAll
    static void train() {
        BtTrainingConfig config = BtTrainingConfig.defaults()
                .withHiddenSize(16)
                .withMaxEpochs(20)
                .withLearningRate(3e-2)
                .withPatience(0);
        trained = ConcisenessData.train(new FakeEncoder(16), config);
    }

    private BtRewardModel model(FakeEncoder encoder) {
        FeatureSpec spec = FeatureSpec.v1(16);
        BtManifest manifest = BtManifest.forTraining(
                new FakeEncoder(16).id(), 16, spec, trained, List.of(), Instant.parse("2025-01-01T00:00:00Z"));
        Path modelDir = dir.resolve("m" + System.nanoTime());
        BtModelFiles.save(modelDir, trained.head(), manifest);
        return BtRewardModel.load(modelDir, encoder);
    }

    @Test
    void the_criterion_flips_the_ranking_of_the_same_pair() {
        assertThat(trained.validation().accuracy())
                .as("validation accuracy on held-out prompts")
                .isEqualTo(1.0);
        BtRewardModel model = model(new FakeEncoder(16));
        Random r = new Random(1234);
        for (int i = 0; i < 20; i++) { // unseen prompts and answers
            String prompt = "question about " + ConcisenessData.words(r, 3);
            String shortAnswer = ConcisenessData.sentence(r, 3 + r.nextInt(4));
            StringBuilder longAnswer = new StringBuilder();
            for (int s = 0; s < 5; s++) {
                longAnswer.append(ConcisenessData.sentence(r, 9 + r.nextInt(6))).append(' ');
            }

            double conciseShort = model.score(ConcisenessData.CONCISE, prompt, shortAnswer);
            double conciseLong = model.score(ConcisenessData.CONCISE, prompt, longAnswer.toString());
            double detailedShort = model.score(ConcisenessData.DETAILED, prompt, shortAnswer);
            double detailedLong = model.score(ConcisenessData.DETAILED, prompt, longAnswer.toString());

            assertThat(conciseShort).as("concise criterion, pair %d", i).isGreaterThan(conciseLong);
            assertThat(detailedLong).as("detailed criterion, pair %d", i).isGreaterThan(detailedShort);
        }
    }

    @Test
    void encodes_a_batch_in_one_call_with_repeated_criteria_and_prompts_once() {
        FakeEncoder encoder = new FakeEncoder(16);
        BtRewardModel model = model(encoder);
        List<ScoringRequest> requests = List.of(
                request(Task.T2T, "be brief", "q1", "answer one"),
                request(Task.T2T, "be brief", "q1", "answer two"),
                request(Task.T2T, "be brief", "q2", "answer one"),
                request(Task.TI2T, "be thorough", "q2", "answer three"));

        double[] scores = model.scores(requests);

        assertThat(encoder.calls).hasSize(1);
        assertThat(encoder.calls.get(0))
                .containsExactlyInAnyOrder(
                        "be brief", "be thorough", "q1", "q2", "answer one", "answer two", "answer three");
        FeatureSpec spec = model.model().featureSpec();
        for (int i = 0; i < requests.size(); i++) {
            ScoringRequest q = requests.get(i);
            float[] f = spec.features(
                    encoder.encode(q.criteria()),
                    encoder.encode(q.prompt()),
                    encoder.encode(q.response().requireText()),
                    q.response().requireText());
            assertThat(scores[i]).isEqualTo(model.model().head().score(f));
        }
    }

    @Test
    void supports_text_response_tasks_and_declares_media_responses_unsupported() {
        BtRewardModel model = model(new FakeEncoder(16));

        assertThat(model.supportedTasks()).containsExactlyInAnyOrder(Task.T2T, Task.TI2T, Task.TV2T, Task.TA2T);
        MediaRef image = MediaRef.ofBytes(new byte[] {1}, "x.png", Modality.IMAGE);
        assertThatThrownBy(() ->
                        model.scores(List.of(new ScoringRequest(Task.T2I, "c", "p", List.of(), Response.media(image)))))
                .isInstanceOf(UnsupportedTaskException.class)
                .hasMessageContaining("t2i");
    }

    @Test
    void scores_ti2t_from_the_prompt_text_ignoring_input_media() {
        BtRewardModel model = model(new FakeEncoder(16));
        MediaRef image = MediaRef.ofBytes(new byte[] {1, 2, 3}, "x.png", Modality.IMAGE);

        double withImage = model.score(
                new ScoringRequest(Task.TI2T, "c", "what is shown", List.of(image), Response.text("a cat")));
        double textOnly =
                model.score(new ScoringRequest(Task.T2T, "c", "what is shown", List.of(), Response.text("a cat")));

        assertThat(withImage).isEqualTo(textOnly);
    }

    @Test
    void scores_empty_and_whitespace_texts_with_finite_values() {
        BtRewardModel model = model(new FakeEncoder(16));

        double[] scores = model.scores(List.of(request(Task.T2T, "", " ", ""), request(Task.T2T, "c", "p", "\n\t ")));

        assertThat(scores).hasSize(2);
        assertThat(java.util.Arrays.stream(scores).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void refuses_an_encoder_other_than_the_training_one_naming_both() {
        FakeEncoder other = new FakeEncoder("another-encoder", 16);

        assertThatThrownBy(() -> model(other))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'fake-bow-16' (dimension 16)")
                .hasMessageContaining("'another-encoder' (dimension 16)");
    }

    @Test
    void closes_the_encoder_only_when_it_owns_it() {
        FakeEncoder encoder = new FakeEncoder(16);
        BtRewardModel borrowed = model(encoder);
        borrowed.close();
        assertThat(encoder.closed).isFalse();

        BtRewardModel owning = new BtRewardModel("embedded", borrowed.model(), encoder, true);
        owning.close();
        assertThat(encoder.closed).isTrue();
        assertThat(owning.name()).isEqualTo("embedded");
    }

    private static ScoringRequest request(Task task, String criteria, String prompt, String response) {
        return new ScoringRequest(task, criteria, prompt, List.of(), Response.text(response));
    }
}
