package org.omnireward.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.omnireward.core.Preference;
import org.omnireward.core.Task;
import org.omnireward.media.AudioClip;
import org.omnireward.media.Images;
import org.omnireward.media.Mp4Encoder;
import org.omnireward.media.Wav;

/**
 * Everything one demo sample's generator needs: its id, planned label, random source, whether the
 * preferred text answer should be the shorter one, and writers that store media under the media root
 * and return the relative path the JSON records.
 */
final class SampleContext {

    static final double VIDEO_FPS = 12;

    final Task task;
    final String id;
    final Preference label;
    final Random rnd;
    /** For text answers: whether the preferred response is the shorter one (ignored for ties). */
    final boolean preferShorter;

    private final Path mediaRoot;

    SampleContext(Task task, String id, Preference label, Random rnd, boolean preferShorter, Path mediaRoot) {
        this.task = task;
        this.id = id;
        this.label = label;
        this.rnd = rnd;
        this.preferShorter = preferShorter;
        this.mediaRoot = mediaRoot;
    }

    boolean isTie() {
        return label == Preference.TIE;
    }

    /**
     * Puts {@code preferred} and {@code other} on the sides the label asks for: [response1, response2].
     * For a tie the two are equally good and their order is random.
     */
    <T> List<T> sides(T preferred, T other) {
        return switch (label) {
            case RESPONSE1 -> List.of(preferred, other);
            case RESPONSE2 -> List.of(other, preferred);
            case TIE -> rnd.nextBoolean() ? List.of(preferred, other) : List.of(other, preferred);
        };
    }

    /** Two distinct names from {@code pool}, chosen independently of the label. */
    List<String> models(List<String> pool) {
        int a = rnd.nextInt(pool.size());
        int b = (a + 1 + rnd.nextInt(pool.size() - 1)) % pool.size();
        return List.of(pool.get(a), pool.get(b));
    }

    String png(String role, BufferedImage image) throws IOException {
        String rel = relative(role, "png");
        Images.writePng(image, mediaRoot.resolve(rel));
        return rel;
    }

    String wav(String role, AudioClip clip) throws IOException {
        String rel = relative(role, "wav");
        Wav.write(clip, mediaRoot.resolve(rel));
        return rel;
    }

    String mp4(String role, List<BufferedImage> frames) throws IOException {
        String rel = relative(role, "mp4");
        Mp4Encoder.write(mediaRoot.resolve(rel), frames, VIDEO_FPS);
        return rel;
    }

    /** {@code <long_name>/<id>_<role>.<ext>}, relative to the media root, always with forward slashes. */
    private String relative(String role, String ext) {
        return task.longName() + "/" + id + "_" + role + "." + ext;
    }
}
