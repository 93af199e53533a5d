package org.omnireward.data.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.Task;
import org.omnireward.data.SkipReason;
import org.omnireward.data.UnifiedRecord;

/**
 * How one export target writes a record: whether it can (asked before any media is copied), and the
 * JSON object it writes. Files hold one task each, so every row of a file has the same columns.
 */
interface RecordFormat {

    /** Why the target cannot express {@code r}, or null when it can. */
    Refusal refusal(UnifiedRecord r);

    /** The row of {@code placed}, a record whose media are files under the export folder. */
    Row write(UnifiedRecord placed);

    /** The media column rows of {@code task} carry ({@code images}, {@code videos}, {@code audios}), if any. */
    Optional<String> mediaColumn(Task task);

    /** True for a JSON array file ({@code .json}), false for JSON Lines ({@code .jsonl}). */
    boolean jsonArray();

    /** A record the target cannot express, and why. */
    record Refusal(SkipReason reason, String detail) {}

    /**
     * One written row.
     *
     * @param json the row
     * @param merged consecutive turns of one role were merged
     * @param escaped literal placeholders in a text were escaped ({@code <\u200Bimage>})
     */
    record Row(ObjectNode json, boolean merged, boolean escaped) {}

    /** The media column of a modality; 3D renders travel as images. */
    static String column(Modality m) {
        return switch (m) {
            case IMAGE, THREE_D -> "images";
            case VIDEO -> "videos";
            case AUDIO -> "audios";
            default -> throw new IllegalArgumentException("no media column for " + m);
        };
    }

    /** The column of the one kind of media a task's rows carry (inputs or media responses), if any. */
    static Optional<String> mediaColumnOf(Task task) {
        Optional<Modality> m = task.inputMedia()
                .or(() -> task.hasTextResponses() ? Optional.empty() : Optional.of(task.responseModality()));
        return m.map(RecordFormat::column);
    }

    /** The path of a placed medium, relative to the export folder. */
    static String path(MediaRef m) {
        if (m instanceof MediaRef.FileMedia f) {
            return f.relativePath().replace('\\', '/');
        }
        throw new IllegalStateException("media not stored as a file: " + m.name());
    }
}
