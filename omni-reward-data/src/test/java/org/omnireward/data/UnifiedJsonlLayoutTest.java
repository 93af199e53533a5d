package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;

/**
 * The text of unified JSONL lines: every key, its order and each optional field. The lines below were written by the
 * code before the line became a record.
 */
class UnifiedJsonlLayoutTest {

    private static final Path ROOT = Path.of("/data/mix").toAbsolutePath();

    @Test
    void a_text_pair_has_the_fixed_key_order() {
        PreferencePair p = new PreferencePair(
                "t-1",
                Task.T2T,
                "g1",
                "Prefer brevity.",
                "Line one\nline \"two\"",
                List.of(),
                Response.text("ja \u2014 \u00fcn\u00efc\u00f6d\u00e9"),
                Response.text("no"),
                true,
                "fixture:1");
        assertThat(UnifiedJsonlWriter.line(UnifiedRecord.of(p), ROOT, "out.jsonl"))
                .isEqualTo("{\"id\":\"t-1\",\"task\":\"t2t\",\"group\":\"g1\",\"criteria\":\"Prefer brevity.\","
                        + "\"prompt\":\"Line one\\nline \\\"two\\\"\",\"chosen\":\"ja \u2014 \u00fcn\u00efc\u00f6d\u00e9\","
                        + "\"rejected\":\"no\",\"tie\":true,\"source\":\"fixture:1\",\"schema_version\":3}");
    }

    @Test
    void media_responses_inputs_with_turns_provenance_and_split_keep_their_places() {
        PreferencePair p = new PreferencePair(
                "v-1",
                Task.T2V,
                "g2",
                "Prefer the smooth one.",
                "A ball rolls",
                List.of(
                        MediaRef.underRoot(ROOT, "media/in.jpg", Modality.IMAGE),
                        MediaRef.underRoot(ROOT, "media/in2.wav", Modality.AUDIO)),
                Response.media(MediaRef.underRoot(ROOT, "media/a.mp4", Modality.VIDEO)),
                Response.media(MediaRef.underRoot(ROOT, "media/sub/b.mp4", Modality.VIDEO)),
                false,
                "fixture:2");
        ObjectNode provenance = Json.mapper().createObjectNode();
        provenance.putObject("mix").put("step", "criterion-pairs").put("n", 3);
        String line = UnifiedJsonlWriter.line(new UnifiedRecord(p, provenance, "train", List.of(0, 2)), ROOT, "o");
        assertThat(line)
                .isEqualTo("{\"id\":\"v-1\",\"task\":\"t2v\",\"group\":\"g2\",\"criteria\":\"Prefer the smooth one.\","
                        + "\"prompt\":\"A ball rolls\",\"chosen\":{\"type\":\"video\",\"path\":\"media/a.mp4\"},"
                        + "\"rejected\":{\"type\":\"video\",\"path\":\"media/sub/b.mp4\"},\"tie\":false,"
                        + "\"source\":\"fixture:2\",\"input_media\":[{\"type\":\"image\",\"path\":\"media/in.jpg\"},"
                        + "{\"type\":\"audio\",\"path\":\"media/in2.wav\",\"turn\":2}],"
                        + "\"provenance\":{\"mix\":{\"step\":\"criterion-pairs\",\"n\":3}},\"split\":\"train\","
                        + "\"schema_version\":3}");
    }
}
