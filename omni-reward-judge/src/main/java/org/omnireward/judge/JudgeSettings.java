package org.omnireward.judge;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.omnireward.core.Modality;
import org.omnireward.core.Task;

/**
 * How a {@link ChatJudge} asks and reads: which media the model takes, the judge mode, swap, how
 * video and audio are sent, the prompt folder, the cache and internal attempts.
 *
 * @param capabilities the modalities the model takes (text, image, video, audio); tasks needing
 *     another are unsupported
 * @param mode pairwise (both responses in one prompt) or pointwise (each scored 1 to 5 alone)
 * @param swap judge both orders and combine (pairwise only)
 * @param inputFrames frames sampled from a tv2t input video
 * @param responseFrames frames sampled from each t2v response video
 * @param audioMode two {@code input_audio} parts, or one joined clip
 * @param videoMode frames as images, the whole file as a {@code video_url} part, or the frames as one
 *     {@code video_url} frame list (vLLM)
 * @param promptDir folder whose files replace built-in prompt files of the same name; may be null
 * @param cache the on-disk reply cache, or null for none
 * @param maxAttempts calls per question inside the judge (1: leave retrying to the caller)
 * @param layout where media sit in the user message and whether images keep their size: ours, or the
 *     Omni-Reward authors' evaluation code's ({@link Layout})
 */
public record JudgeSettings(
        Set<Modality> capabilities,
        Mode mode,
        boolean swap,
        int inputFrames,
        int responseFrames,
        AudioMode audioMode,
        VideoMode videoMode,
        Path promptDir,
        ResponseCache cache,
        int maxAttempts,
        Layout layout) {

    /** Frames from a tv2t input video by default. */
    public static final int DEFAULT_INPUT_FRAMES = 10;
    /** Frames from each t2v response video by default. */
    public static final int DEFAULT_RESPONSE_FRAMES = 5;
    /** Silence between two joined audio clips, seconds. */
    public static final double CONCAT_SILENCE_SECONDS = 1.0;

    /** How the judge compares. */
    public enum Mode {
        PAIRWISE,
        POINTWISE
    }

    /** How two audio responses are sent. */
    public enum AudioMode {
        SEPARATE,
        CONCAT
    }

    /**
     * How videos are sent: sampled frames as images; the whole file as one {@code video_url} part; or
     * the sampled frames as one {@code video_url} part in vLLM's frame-list form ({@code
     * data:video/jpeg;base64,<frame>,<frame>,…}), so a video model sees a video with our frame count.
     */
    public enum VideoMode {
        FRAMES,
        NATIVE,
        FRAME_LIST
    }

    /**
     * Where media sit in the user message. {@code OURS}: every medium inside its section, each preceded
     * by a line naming its position in the message and its side, images scaled to 1,024 px. {@code
     * AUTHORS}: the placement of the Omni-Reward authors' evaluation code for each task (ti2t image in
     * an {@code [[IMAGE]]} block, tv2t frames after the responses, audio first, t2a clips joined),
     * images and frames at their original size, no side lines; the wording stays ours in both.
     */
    public enum Layout {
        OURS,
        AUTHORS
    }

    public JudgeSettings {
        capabilities = capabilities.isEmpty() ? EnumSet.noneOf(Modality.class) : EnumSet.copyOf(capabilities);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(audioMode, "audioMode");
        Objects.requireNonNull(videoMode, "videoMode");
        Objects.requireNonNull(layout, "layout");
        if (inputFrames < 1 || responseFrames < 1) {
            throw new IllegalArgumentException("frame counts must be at least 1");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Text, image and video; pairwise; no swap; 10/5 frames; separate audio; frames; no cache; 1 attempt; our layout. */
    public static JudgeSettings defaults() {
        return new JudgeSettings(
                EnumSet.of(Modality.TEXT, Modality.IMAGE, Modality.VIDEO),
                Mode.PAIRWISE,
                false,
                DEFAULT_INPUT_FRAMES,
                DEFAULT_RESPONSE_FRAMES,
                AudioMode.SEPARATE,
                VideoMode.FRAMES,
                null,
                null,
                1,
                Layout.OURS);
    }

    public JudgeSettings withCapabilities(Set<Modality> c) {
        return with(b -> b.capabilities = c);
    }

    public JudgeSettings withMode(Mode m) {
        return with(b -> b.mode = m);
    }

    public JudgeSettings withSwap(boolean s) {
        return with(b -> b.swap = s);
    }

    public JudgeSettings withFrames(int input, int response) {
        return with(b -> {
            b.inputFrames = input;
            b.responseFrames = response;
        });
    }

    public JudgeSettings withAudioMode(AudioMode a) {
        return with(b -> b.audioMode = a);
    }

    public JudgeSettings withVideoMode(VideoMode v) {
        return with(b -> b.videoMode = v);
    }

    public JudgeSettings withPromptDir(Path p) {
        return with(b -> b.promptDir = p);
    }

    public JudgeSettings withCache(ResponseCache c) {
        return with(b -> b.cache = c);
    }

    public JudgeSettings withMaxAttempts(int n) {
        return with(b -> b.maxAttempts = n);
    }

    public JudgeSettings withLayout(Layout l) {
        return with(b -> b.layout = l);
    }

    /** These settings with {@code change} applied to a copy of their fields (checked as the constructor checks). */
    private JudgeSettings with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.settings();
    }

    /** The fields of a {@link JudgeSettings}, to change one or two for a wither. */
    private static final class Copy {
        Set<Modality> capabilities;
        Mode mode;
        boolean swap;
        int inputFrames;
        int responseFrames;
        AudioMode audioMode;
        VideoMode videoMode;
        Path promptDir;
        ResponseCache cache;
        int maxAttempts;
        Layout layout;

        Copy(JudgeSettings s) {
            capabilities = s.capabilities;
            mode = s.mode;
            swap = s.swap;
            inputFrames = s.inputFrames;
            responseFrames = s.responseFrames;
            audioMode = s.audioMode;
            videoMode = s.videoMode;
            promptDir = s.promptDir;
            cache = s.cache;
            maxAttempts = s.maxAttempts;
            layout = s.layout;
        }

        JudgeSettings settings() {
            return new JudgeSettings(
                    capabilities,
                    mode,
                    swap,
                    inputFrames,
                    responseFrames,
                    audioMode,
                    videoMode,
                    promptDir,
                    cache,
                    maxAttempts,
                    layout);
        }
    }

    /** The tasks whose input and response modalities are all among {@link #capabilities()} (3D counts as image). */
    public Set<Task> supportedTasks() {
        Set<Task> out = EnumSet.noneOf(Task.class);
        if (!capabilities.contains(Modality.TEXT)) {
            return out;
        }
        for (Task t : Task.values()) {
            boolean ok =
                    t.inputMedia().map(m -> capabilities.contains(needed(m))).orElse(true)
                            && capabilities.contains(needed(t.responseModality()));
            if (ok) {
                out.add(t);
            }
        }
        return out;
    }

    private static Modality needed(Modality m) {
        return m == Modality.THREE_D ? Modality.IMAGE : m;
    }

    /** Parses a capability name ({@code text}, {@code image}, {@code video}, {@code audio}). */
    static Modality capability(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> Modality.TEXT;
            case "image" -> Modality.IMAGE;
            case "video" -> Modality.VIDEO;
            case "audio" -> Modality.AUDIO;
            default ->
                throw new org.omnireward.core.InvalidInputException(
                        "unknown capability '" + name + "'; expected text, image, video or audio");
        };
    }
}
