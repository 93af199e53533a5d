package org.omnireward.testing;

import java.util.ArrayList;
import java.util.List;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Response;
import org.omnireward.core.Task;

/** Builds valid samples of any task in code (media are tiny in-memory placeholders, never decoded). */
public final class TestSamples {

    private TestSamples() {}

    /** A sample of {@code task} with text or placeholder-media responses. */
    public static PreferenceSample sample(Task task, String id, Preference label, String text1, String text2) {
        PreferenceSample.Builder b = PreferenceSample.builder()
                .id(id)
                .task(task)
                .prompt("prompt of " + id)
                .criteria("criterion of " + id)
                .label(label)
                .response1(response(task, text1))
                .response2(response(task, text2));
        task.inputMedia().ifPresent(m -> b.input(MediaRef.ofBytes(new byte[] {1, 2, 3}, id + "-input", m)));
        return b.build();
    }

    /** A t2t sample. */
    public static PreferenceSample text(String id, Preference label, String text1, String text2) {
        return sample(Task.T2T, id, label, text1, text2);
    }

    /**
     * {@code n} samples of {@code task} with ids {@code <prefix><i>}; labels cycle response1,
     * response2, tie; response lengths vary with i.
     */
    public static List<PreferenceSample> many(Task task, String prefix, int n) {
        List<PreferenceSample> out = new ArrayList<>();
        Preference[] labels = Preference.values();
        for (int i = 0; i < n; i++) {
            out.add(sample(task, prefix + i, labels[i % 3], "a".repeat(1 + i % 5), "b".repeat(1 + (i * 7) % 5)));
        }
        return out;
    }

    private static Response response(Task task, String text) {
        Modality m = task.responseModality();
        if (m == Modality.TEXT) {
            return Response.text(text);
        }
        return Response.media(MediaRef.ofBytes(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                text,
                m == Modality.THREE_D ? Modality.IMAGE : m));
    }
}
