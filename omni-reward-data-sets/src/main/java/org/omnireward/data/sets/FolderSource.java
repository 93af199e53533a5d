package org.omnireward.data.sets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.omnireward.data.PairSink;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.SkipReason;
import org.omnireward.data.SkippedRecord;

/**
 * The preference data of a folder: one source per recognised file (or XSTest folder), found by
 * {@link PreferenceReaders#open}, plus the files that were not recognised, which every read reports
 * as skipped records ({@link SkipReason#UNRECOGNISED_FILE} or {@link SkipReason#BENCHMARK_TEST_SPLIT})
 * so that nothing in the folder is silently left out.
 */
public final class FolderSource implements PreferenceSource {

    private final Path folder;
    private final List<PreferenceSource> sources;
    private final List<SkippedRecord> ignored;

    FolderSource(Path folder, List<PreferenceSource> sources, List<SkippedRecord> ignored) {
        this.folder = Objects.requireNonNull(folder);
        this.sources = List.copyOf(sources);
        this.ignored = List.copyOf(ignored);
    }

    /** The sources found, in file-name order. */
    public List<PreferenceSource> sources() {
        return sources;
    }

    /** Files of the folder that are not read, with the reason. */
    public List<SkippedRecord> ignored() {
        return ignored;
    }

    /** The common format of all sources, or null when they differ or there are none. */
    @Override
    public PreferenceFormat format() {
        PreferenceFormat f = null;
        for (PreferenceSource s : sources) {
            if (f != null && s.format() != f) {
                return null;
            }
            f = s.format();
        }
        return f;
    }

    @Override
    public String description() {
        return "folder " + folder + " (" + sources.size() + " source" + (sources.size() == 1 ? "" : "s") + ")";
    }

    @Override
    public List<Path> files() {
        List<Path> files = new ArrayList<>();
        sources.forEach(s -> files.addAll(s.files()));
        return files;
    }

    @Override
    public void read(PairSink sink) {
        ignored.forEach(sink::skipped);
        for (PreferenceSource s : sources) {
            s.read(sink);
        }
    }
}
