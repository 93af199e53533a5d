package org.omnireward.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.omnireward.core.util.Sha256;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.ReadResult;

/**
 * A data file a model was trained or validated on, recorded in the manifest for provenance.
 *
 * @param role e.g. {@code train} or {@code valid}
 * @param path the path as given on the command line
 * @param sha256 hex SHA-256 of the file's bytes
 * @param bytes file size
 * @param counts what was read from it, e.g. {@code pairs}, {@code ties}, {@code skipped}
 */
public record DataFile(String role, String path, String sha256, long bytes, Map<String, Long> counts) {

    public DataFile {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts == null ? Map.of() : counts));
    }

    /** Hashes {@code file} and records it with {@code counts} (kept in the given order). */
    public static DataFile of(String role, Path file, Map<String, Long> counts) {
        try {
            return new DataFile(role, file.toString(), sha256(file), Files.size(file), counts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to hash it: " + e.getMessage(), e);
        }
    }

    /**
     * The provenance of the files {@code source} read, for a model's manifest: path, hash and size of
     * each; for a single file also what was read from it (pairs, ties, skipped records, in that order).
     */
    public static List<DataFile> of(String role, PreferenceSource source, ReadResult read) {
        List<DataFile> files = new ArrayList<>();
        for (Path f : source.files()) {
            files.add(of(role, f, Map.of()));
        }
        if (files.size() == 1) {
            Map<String, Long> counts = new LinkedHashMap<>(); // a fixed order keeps the manifest reproducible
            counts.put("pairs", (long) read.decisivePairs().size());
            counts.put("ties", read.ties());
            counts.put("skipped", read.skippedCount());
            files.set(0, of(role, source.files().get(0), counts));
        }
        return files;
    }

    /** The hex SHA-256 of a file's bytes ({@link Sha256}). */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Sha256.hex(in);
        }
    }
}
