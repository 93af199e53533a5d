package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;

class EncodedPairSourceTest {

    private final FakeEncoder encoder = new FakeEncoder(6);
    private final FeatureSpec spec = FeatureSpec.v1(6);

    @Test
    void encodes_each_distinct_text_once_in_batches_and_builds_the_spec_features() {
        List<PreferencePair> pairs = List.of(
                PreferencePair.text("1", "g1", "be brief", "what is x", "x is y", "x is a long story about y", "s"),
                PreferencePair.text("2", "g1", "be brief", "what is x", "x is a long story about y", "x is y", "s"),
                PreferencePair.text("3", "g2", "be brief", "what is z", "z", "x is y", "s"));
        List<int[]> progress = new ArrayList<>();

        EncodedPairSource source = EncodedPairSource.encode(
                pairs, encoder, spec, 2, (done, total) -> progress.add(new int[] {done, total}));

        List<String> encoded = encoder.calls.stream().flatMap(List::stream).toList();
        assertThat(encoded)
                .containsExactlyInAnyOrder(
                        "be brief", "what is x", "x is y", "x is a long story about y", "what is z", "z");
        assertThat(encoder.calls).allSatisfy(call -> assertThat(call).hasSizeLessThanOrEqualTo(2));
        assertThat(source.distinctTexts()).isEqualTo(6);
        assertThat(progress.get(progress.size() - 1)).containsExactly(6, 6);

        float[] chosen = new float[spec.dimension()];
        float[] rejected = new float[spec.dimension()];
        source.features(2, chosen, rejected);
        assertThat(chosen)
                .containsExactly(spec.features(
                        encoder.encode("be brief"), encoder.encode("what is z"), encoder.encode("z"), "z"));
        assertThat(rejected)
                .containsExactly(spec.features(
                        encoder.encode("be brief"), encoder.encode("what is z"), encoder.encode("x is y"), "x is y"));
        assertThat(source.group(2)).isEqualTo("g2");
        assertThat(source.describe(2)).contains("pair 3");
    }

    @Test
    void leaves_out_and_counts_pairs_with_media_responses() {
        MediaRef image = MediaRef.ofBytes(new byte[] {1}, "a.png", Modality.IMAGE);
        PreferencePair media = new PreferencePair(
                "m", Task.T2I, "g", "c", "draw", List.of(), Response.media(image), Response.media(image), false, "s");
        PreferencePair text = PreferencePair.text("t", "g", "c", "p", "a", "b", "s");

        EncodedPairSource source = EncodedPairSource.encode(List.of(media, text), encoder, spec, 8, null);

        assertThat(source.size()).isEqualTo(1);
        assertThat(source.skippedMediaPairs()).isEqualTo(1);
        assertThat(source.pair(0).id()).isEqualTo("t");
    }

    @Test
    void refuses_an_encoder_of_another_dimension() {
        assertThatThrownBy(() -> EncodedPairSource.encode(List.of(), new FakeEncoder(5), spec, 8, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension 5");
    }

    @Test
    void ties_are_reported_to_the_trainer() {
        PreferencePair tie = new PreferencePair(
                "t", Task.T2T, "g", "c", "p", List.of(), Response.text("a"), Response.text("b"), true, "s");

        EncodedPairSource source = EncodedPairSource.encode(List.of(tie), encoder, spec, 8, null);

        assertThat(source.isTie(0)).isTrue();
    }
}
