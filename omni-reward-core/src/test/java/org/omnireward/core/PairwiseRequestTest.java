package org.omnireward.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.testing.TestSamples;

class PairwiseRequestTest {

    @TempDir
    Path root;

    private static PairwiseRequest text(String criteria, String prompt, String a, String b, boolean ties) {
        return new PairwiseRequest(Task.T2T, criteria, prompt, List.of(), Response.text(a), Response.text(b), ties);
    }

    @Test
    void of_sample_carries_the_content_but_no_id_or_label() {
        PreferenceSample s = PreferenceSample.builder()
                .id("secret-id-42")
                .task(Task.TI2T)
                .prompt("what is shown?")
                .criteria("accuracy")
                .label(Preference.RESPONSE2)
                .response1(Response.text("first"))
                .response2(Response.text("second"))
                .input(MediaRef.ofBytes(new byte[] {1}, "img.png", Modality.IMAGE))
                .build();
        PairwiseRequest r = PairwiseRequest.of(s, true);

        assertThat(r.task()).isEqualTo(Task.TI2T);
        assertThat(r.criteria()).isEqualTo(s.criteria());
        assertThat(r.prompt()).isEqualTo(s.prompt());
        assertThat(r.inputs()).isEqualTo(s.inputs());
        assertThat(r.responseA()).isEqualTo(s.response1());
        assertThat(r.responseB()).isEqualTo(s.response2());
        assertThat(r.allowTies()).isTrue();
        // a record's components are all it has: no id and no label among them
        assertThat(PairwiseRequest.class.getRecordComponents())
                .extracting(c -> c.getName())
                .containsExactly("task", "criteria", "prompt", "inputs", "responseA", "responseB", "allowTies");
        assertThat(r.toString()).doesNotContain("secret-id-42").doesNotContain("response2");
    }

    @Test
    void swapped_exchanges_the_responses_and_keeps_everything_else() {
        PairwiseRequest r = text("c", "p", "one", "two", false);
        PairwiseRequest s = r.swapped();
        assertThat(s.responseA()).isEqualTo(Response.text("two"));
        assertThat(s.responseB()).isEqualTo(Response.text("one"));
        assertThat(s.task()).isEqualTo(r.task());
        assertThat(s.criteria()).isEqualTo("c");
        assertThat(s.prompt()).isEqualTo("p");
        assertThat(s.allowTies()).isFalse();
        assertThat(s.swapped()).isEqualTo(r);
    }

    @Test
    void scoring_builds_the_scalar_request_of_one_response_and_refuses_a_tie() {
        PreferenceSample sample = TestSamples.sample(Task.TA2T, "x", null, "alpha", "beta");
        PairwiseRequest r = PairwiseRequest.of(sample, false);
        assertThat(r.scoring(Preference.RESPONSE1)).isEqualTo(ScoringRequest.of(sample, Preference.RESPONSE1));
        assertThat(r.scoring(Preference.RESPONSE2).response()).isEqualTo(Response.text("beta"));
        assertThat(r.scoring(Preference.RESPONSE2).inputs()).isEqualTo(sample.inputs());
        assertThatThrownBy(() -> r.scoring(Preference.TIE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tie");
    }

    @Test
    void null_inputs_become_an_empty_list_and_required_fields_are_checked() {
        PairwiseRequest r =
                new PairwiseRequest(Task.T2T, "c", "p", null, Response.text("a"), Response.text("b"), false);
        assertThat(r.inputs()).isEmpty();
        assertThatThrownBy(() -> new PairwiseRequest(Task.T2T, "c", "p", List.of(), null, Response.text("b"), false))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("responseA");
        assertThatThrownBy(() ->
                        new PairwiseRequest(null, "c", "p", List.of(), Response.text("a"), Response.text("b"), false))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("task");
    }

    @Test
    void content_key_is_equal_for_equal_content_and_is_sha256_hex() {
        assertThat(text("c", "p", "a", "b", true).contentKey())
                .isEqualTo(text("c", "p", "a", "b", true).contentKey())
                .matches("[0-9a-f]{64}");
    }

    @Test
    void content_key_is_equal_for_media_in_a_file_and_the_same_bytes_in_memory() throws Exception {
        byte[] image = "PNG-bytes".getBytes(StandardCharsets.UTF_8);
        byte[] answer = "generated".getBytes(StandardCharsets.UTF_8);
        Files.write(root.resolve("in.png"), image);
        Files.write(root.resolve("out.png"), answer);
        PairwiseRequest fromFiles = new PairwiseRequest(
                Task.TI2I,
                "c",
                "p",
                List.of(MediaRef.underRoot(root, "in.png", Modality.IMAGE)),
                Response.media(MediaRef.underRoot(root, "out.png", Modality.IMAGE)),
                Response.text("x"),
                false);
        PairwiseRequest inMemory = new PairwiseRequest(
                Task.TI2I,
                "c",
                "p",
                List.of(MediaRef.ofBytes(image.clone(), "other-name.png", Modality.IMAGE)),
                Response.media(MediaRef.ofBytes(answer.clone(), "y.png", Modality.IMAGE)),
                Response.text("x"),
                false);
        assertThat(fromFiles.contentKey()).isEqualTo(inMemory.contentKey());

        PairwiseRequest otherBytes = new PairwiseRequest(
                Task.TI2I,
                "c",
                "p",
                List.of(MediaRef.ofBytes("PNG-bytez".getBytes(StandardCharsets.UTF_8), "in.png", Modality.IMAGE)),
                Response.media(MediaRef.ofBytes(answer, "y.png", Modality.IMAGE)),
                Response.text("x"),
                false);
        assertThat(otherBytes.contentKey()).isNotEqualTo(inMemory.contentKey());
    }

    @Test
    void content_key_differs_when_any_field_or_the_order_differs() {
        PairwiseRequest base = text("c", "p", "a", "b", true);
        MediaRef img = MediaRef.ofBytes(new byte[] {1}, "i", Modality.IMAGE);
        List<PairwiseRequest> variants = List.of(
                new PairwiseRequest(Task.TI2T, "c", "p", List.of(), Response.text("a"), Response.text("b"), true),
                text("c2", "p", "a", "b", true),
                text("c", "p2", "a", "b", true),
                new PairwiseRequest(Task.T2T, "c", "p", List.of(img), Response.text("a"), Response.text("b"), true),
                text("c", "p", "a2", "b", true),
                text("c", "p", "a", "b2", true),
                text("c", "p", "a", "b", false),
                base.swapped(),
                // fields cannot run together: moving a character from one field to the next changes the key
                text("cp", "", "a", "b", true),
                text("c", "pa", "", "b", true));
        for (PairwiseRequest v : variants) {
            assertThat(v.contentKey()).as("%s", v).isNotEqualTo(base.contentKey());
        }
        assertThat(variants.stream().map(PairwiseRequest::contentKey).distinct())
                .hasSize(variants.size());
    }

    @Test
    void a_text_response_and_a_media_response_never_share_a_key() {
        PairwiseRequest t = text("c", "p", "a", "b", false);
        PairwiseRequest m = new PairwiseRequest(
                Task.T2T,
                "c",
                "p",
                List.of(),
                Response.media(MediaRef.ofBytes("a".getBytes(StandardCharsets.UTF_8), "a", Modality.TEXT)),
                Response.text("b"),
                false);
        assertThat(m.contentKey()).isNotEqualTo(t.contentKey());
        // even when the text spells the media's own key
        MediaRef textMedia = MediaRef.ofBytes("x".getBytes(StandardCharsets.UTF_8), "x", Modality.TEXT);
        String spelled = textMedia.contentKey().substring("text:".length());
        assertThat(new ScoringRequest(Task.T2T, "c", "p", List.of(), Response.text(spelled)).contentKey())
                .isNotEqualTo(
                        new ScoringRequest(Task.T2T, "c", "p", List.of(), Response.media(textMedia)).contentKey());
    }
}
