package org.omnireward.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.data.benchmark.LoadOptions;

/**
 * {@code data convert}: streams one public preference file (or folder) of a given format into the
 * unified JSONL, one record per line, without holding the records in memory. Media that are not
 * already inside the output's folder are stored in the media folder ({@link MediaStore}). Every record
 * that cannot be used is counted per reason and listed with its file, record and reason in
 * {@code <out>.skipped.jsonl}; the output appears under its name only once complete.
 */
public final class DataConversion {

    /** How many skipped records the report keeps in memory for display (all are in the skipped file). */
    public static final int SHOWN_SKIPS = 20;

    /**
     * What a conversion did.
     *
     * @param out the unified JSONL written
     * @param skippedFile the list of skipped records (absent when none were skipped)
     * @param records records written
     * @param ties how many of them are ties
     * @param skippedByReason skipped records per reason
     * @param firstSkips the first {@value #SHOWN_SKIPS} skipped records
     * @param mediaWritten media files written to the media folder
     * @param mediaReused media whose content was stored already
     * @param notes the reader's observations
     */
    public record Report(
            Path out,
            Optional<Path> skippedFile,
            long records,
            long ties,
            Map<SkipReason, Long> skippedByReason,
            List<SkippedRecord> firstSkips,
            long mediaWritten,
            long mediaReused,
            List<String> notes) {

        /** Total skipped records. */
        public long skipped() {
            return skippedByReason.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private DataConversion() {}

    /** The source that reads {@code in} as {@code format} for conversion. */
    public static PreferenceSource source(PreferenceFormat format, Path in) {
        if (!Files.exists(in)) {
            throw new InvalidInputException("input not found: " + in);
        }
        if (format == PreferenceFormat.OMNIREWARDBENCH) {
            if (!Files.isDirectory(in)) {
                throw new InvalidInputException(in + ": --from omnirewardbench reads a benchmark folder (Hugging Face"
                        + " parquet snapshot, *_preferences.json files or a LLaMA-Factory dataset_info.json)");
            }
            return new BenchmarkRecords(in, LoadOptions.defaults());
        }
        return PreferenceReaders.open(in, Optional.of(format.id()));
    }

    /**
     * Converts {@code in} to {@code out}.
     *
     * @param mediaOut where media go; default {@code <folder of out>/media}; must be inside the folder of out
     * @param progress shows records per second; may be null
     */
    public static Report convert(
            PreferenceFormat format, Path in, Path out, Optional<Path> mediaOut, ProgressDisplay progress) {
        Path outAbs = out.toAbsolutePath().normalize();
        Path root = outAbs.getParent();
        MediaStore media = new MediaStore(root, mediaOut.orElse(root.resolve("media")));
        PreferenceSource source = source(format, in);
        Path tmp = root.resolve("." + outAbs.getFileName() + ".part");
        Path skippedFile = root.resolve(outAbs.getFileName() + ".skipped.jsonl");
        Counter c = new Counter(progress, media);
        boolean done = false;
        Path skippedList;
        try (SkippedRecordFile skips = new SkippedRecordFile(skippedFile)) {
            Files.createDirectories(root);
            try (UnifiedJsonlWriter w = UnifiedJsonlWriter.create(tmp)) {
                c.writer = w;
                c.skips = skips;
                source.read(c);
            }
            Files.move(tmp, outAbs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            skippedList = skips.commit();
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
            if (!done) {
                media.rollback();
            }
        }
        if (progress != null) {
            progress.finish(c.records, -1, "records", c.extra());
        }
        return new Report(
                outAbs,
                Optional.ofNullable(skippedList),
                c.records,
                c.ties,
                Collections.unmodifiableMap(c.skipped),
                List.copyOf(c.firstSkips),
                media.written(),
                media.reused(),
                List.copyOf(c.notes));
    }

    private static final class Counter implements RecordSink {
        private final ProgressDisplay progress;
        private final MediaStore media;
        private final EnumMap<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        private final List<SkippedRecord> firstSkips = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private UnifiedJsonlWriter writer;
        private SkippedRecordFile skips;
        private long records;
        private long ties;

        Counter(ProgressDisplay progress, MediaStore media) {
            this.progress = progress;
            this.media = media;
        }

        @Override
        public void record(UnifiedRecord r) {
            writer.write(media.place(r));
            records++;
            if (r.pair().tie()) {
                ties++;
            }
            if (progress != null && (records & 1023) == 0) {
                progress.update(records, -1, "records", extra());
            }
        }

        String extra() {
            long s = skipped.values().stream().mapToLong(Long::longValue).sum();
            return s == 0 ? "" : s + " skipped";
        }

        @Override
        public void skipped(SkippedRecord record) {
            skipped.merge(record.reason(), 1L, Long::sum);
            if (firstSkips.size() < SHOWN_SKIPS) {
                firstSkips.add(record);
            }
            skips.write(record);
        }

        @Override
        public void note(String message) {
            notes.add(message);
        }
    }
}
