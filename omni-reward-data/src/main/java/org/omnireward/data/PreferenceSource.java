package org.omnireward.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Preference data that can be streamed into a {@link PairSink}: one file, an XSTest folder, or a
 * folder of several files. Reading may be repeated (every call reads the files again).
 */
public interface PreferenceSource {

    /** The format, or {@code null} for a folder mixing several formats. */
    PreferenceFormat format();

    /** What is read, for messages, e.g. {@code alpaca-eval file .../x.json}. */
    String description();

    /** The files read. */
    List<Path> files();

    /**
     * Streams every pair and every skipped record into {@code sink}.
     *
     * @throws org.omnireward.core.InvalidInputException when a file cannot be read on (broken
     *     syntax, bytes that are not UTF-8, a missing CSV column), naming the file and position
     */
    void read(PairSink sink);

    /** Reads everything into a {@link ReadResult}. */
    default ReadResult readAll() {
        return ReadResult.of(this);
    }
}
