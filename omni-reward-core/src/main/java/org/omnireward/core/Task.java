package org.omnireward.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The nine Omni-RewardBench tasks. Each has a short id ({@code t2t}) and the long name of its
 * dataset config ({@code text_to_text}); {@link #parse(String)} accepts either, in any case.
 */
public enum Task {
    T2T("t2t", "text_to_text", null, Modality.TEXT),
    TI2T("ti2t", "text_image_to_text", Modality.IMAGE, Modality.TEXT),
    TV2T("tv2t", "text_video_to_text", Modality.VIDEO, Modality.TEXT),
    TA2T("ta2t", "text_audio_to_text", Modality.AUDIO, Modality.TEXT),
    T2I("t2i", "text_to_image", null, Modality.IMAGE),
    T2V("t2v", "text_to_video", null, Modality.VIDEO),
    T2A("t2a", "text_to_audio", null, Modality.AUDIO),
    T23D("t23d", "text_to_3D", null, Modality.THREE_D),
    TI2I("ti2i", "text_image_to_image", Modality.IMAGE, Modality.IMAGE);

    private final String id;
    private final String longName;
    private final Modality inputMedia;
    private final Modality responseModality;

    Task(String id, String longName, Modality inputMedia, Modality responseModality) {
        this.id = id;
        this.longName = longName;
        this.inputMedia = inputMedia;
        this.responseModality = responseModality;
    }

    /** Short id, e.g. {@code t2t}; the form used in result files. */
    public String id() {
        return id;
    }

    /** Long name as in the official dataset configs, e.g. {@code text_to_text}, {@code text_to_3D}. */
    public String longName() {
        return longName;
    }

    /** The media modality the prompt carries besides text, if any. */
    public Optional<Modality> inputMedia() {
        return Optional.ofNullable(inputMedia);
    }

    /** The modality of the two candidate responses. */
    public Modality responseModality() {
        return responseModality;
    }

    /** True for understanding tasks (media or text in, text out). */
    public boolean hasTextResponses() {
        return responseModality == Modality.TEXT;
    }

    /** The understanding tasks (t2t, ti2t, tv2t, ta2t): those whose responses are text; unmodifiable. */
    public static java.util.Set<Task> textResponseTasks() {
        return TEXT_RESPONSE_TASKS;
    }

    private static final java.util.Set<Task> TEXT_RESPONSE_TASKS =
            java.util.Collections.unmodifiableSet(java.util.EnumSet.of(T2T, TI2T, TV2T, TA2T));

    /**
     * Parses a short id or long name, case-insensitively ({@code T2T}, {@code text_to_3d} …).
     *
     * @throws InvalidInputException naming the valid values when nothing matches
     */
    public static Task parse(String name) {
        return lookup(name)
                .orElseThrow(() ->
                        new InvalidInputException("unknown task '" + name + "'; expected one of " + validNames()));
    }

    /** Like {@link #parse(String)} but empty instead of throwing. */
    public static Optional<Task> lookup(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Task t : values()) {
            if (t.id.equals(n) || t.longName.toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** All ids and long names, for error messages. */
    public static String validNames() {
        return Arrays.stream(values()).map(t -> t.id + " (" + t.longName + ")").collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
