package org.omnireward.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreDomainTest {

    @TempDir
    Path root;

    @Test
    void task_parses_short_ids_and_long_names_in_any_case() {
        assertThat(Task.parse("t2t")).isEqualTo(Task.T2T);
        assertThat(Task.parse("TEXT_TO_TEXT")).isEqualTo(Task.T2T);
        assertThat(Task.parse("text_to_3D")).isEqualTo(Task.T23D);
        assertThat(Task.parse("text_to_3d")).isEqualTo(Task.T23D);
        assertThat(Task.parse(" ti2i ")).isEqualTo(Task.TI2I);
        assertThat(Task.values()).hasSize(9);
    }

    @Test
    void unknown_task_names_list_the_valid_ones() {
        assertThatThrownBy(() -> Task.parse("t2x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'t2x'")
                .hasMessageContaining("text_audio_to_text");
    }

    @Test
    void preference_parses_the_three_labels_and_rejects_others() {
        assertThat(Preference.parse("Response1")).isEqualTo(Preference.RESPONSE1);
        assertThat(Preference.parse("tie")).isEqualTo(Preference.TIE);
        assertThat(Preference.RESPONSE1.swapped()).isEqualTo(Preference.RESPONSE2);
        assertThat(Preference.TIE.swapped()).isEqualTo(Preference.TIE);
        assertThatThrownBy(() -> Preference.parse("response3"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("response3");
    }

    @Test
    void media_paths_escaping_the_root_are_refused() throws Exception {
        assertThatThrownBy(() -> MediaRef.underRoot(root, "../secret.png", Modality.IMAGE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("outside the media root");
        assertThatThrownBy(() -> MediaRef.underRoot(root, "a/../../b.png", Modality.IMAGE))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> MediaRef.underRoot(root, "/etc/passwd", Modality.IMAGE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("absolute");
        Path outside = Files.createTempFile("outside", ".png");
        try {
            Files.createSymbolicLink(root.resolve("link.png"), outside);
            assertThatThrownBy(() -> MediaRef.underRoot(root, "link.png", Modality.IMAGE))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("links outside");
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void media_under_the_root_reads_lazily_and_reports_missing_files() throws Exception {
        Files.createDirectories(root.resolve("img"));
        Files.write(root.resolve("img/a.png"), new byte[] {1, 2, 3});
        MediaRef present = MediaRef.underRoot(root, "img/a.png", Modality.IMAGE);
        MediaRef missing = MediaRef.underRoot(root, "img/b.png", Modality.IMAGE);
        assertThat(present.exists()).isTrue();
        assertThat(present.readAllBytes()).containsExactly(1, 2, 3);
        assertThat(present.extension()).isEqualTo("png");
        assertThat(missing.exists()).isFalse();
        assertThat(MediaRef.ofBytes(new byte[] {9}, "x.jpg", Modality.IMAGE).size())
                .isEqualTo(1);
    }

    @Test
    void sample_builder_names_the_missing_or_wrong_field() {
        assertThatThrownBy(() -> textSample().criteria("  ").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'criteria'");
        assertThatThrownBy(() -> textSample().id("").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'id'");
        assertThatThrownBy(() -> textSample().response2(null).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'response2'");
        assertThatThrownBy(() -> textSample().task(Task.T2I).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expects image");
        assertThatThrownBy(() -> textSample().task(Task.TI2T).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs an input image");
    }

    @Test
    void swapping_a_sample_exchanges_responses_models_and_label() {
        PreferenceSample s = textSample().model1("m1").model2("m2").build();
        PreferenceSample w = s.swapped();
        assertThat(w.response1()).isEqualTo(s.response2());
        assertThat(w.response2()).isEqualTo(s.response1());
        assertThat(w.model1()).contains("m2");
        assertThat(w.label()).contains(Preference.RESPONSE2);
        assertThat(w.swapped().label()).isEqualTo(s.label());
    }

    @Test
    void model_spec_splits_at_the_first_colon_only() {
        ModelSpec s = ModelSpec.parse("pooling:http://gpu-box:8000#OmniRewardModel-BT", Map.of("seed", "7"));
        assertThat(s.provider()).isEqualTo("pooling");
        assertThat(s.argument()).isEqualTo("http://gpu-box:8000#OmniRewardModel-BT");
        assertThat(s.longOption("seed", 0)).isEqualTo(7);
        assertThat(ModelSpec.parse("length").argument()).isEmpty();
        assertThatThrownBy(() -> ModelSpec.parse(" ")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ModelSpec.parse(":x")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void unknown_model_names_are_reported_with_what_exists() {
        assertThatThrownBy(() -> RewardModels.create("no-such-model:x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown model 'no-such-model'");
    }

    @Test
    void scalar_template_rejects_unsupported_tasks_and_non_finite_scores() {
        AbstractScalarRewardModel nan = new AbstractScalarRewardModel() {
            @Override
            public String name() {
                return "nan";
            }

            @Override
            public java.util.Set<Task> supportedTasks() {
                return java.util.EnumSet.of(Task.T2T);
            }

            @Override
            protected double[] doScoreBatch(List<ScoringRequest> requests) {
                return new double[] {Double.NaN};
            }
        };
        assertThatThrownBy(() -> nan.score("c", "p", "r"))
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("non-finite");
        ScoringRequest image = new ScoringRequest(
                Task.T2I, "c", "p", List.of(), Response.media(MediaRef.ofBytes(new byte[1], "a.png", Modality.IMAGE)));
        assertThatThrownBy(() -> nan.score(image)).isInstanceOf(UnsupportedTaskException.class);
    }

    private static PreferenceSample.Builder textSample() {
        return PreferenceSample.builder()
                .id("s1")
                .task(Task.T2T)
                .prompt("Explain superposition")
                .response1(Response.text("short"))
                .response2(Response.text("long answer"))
                .criteria("Prefer the short one")
                .label(Preference.RESPONSE1);
    }
}
