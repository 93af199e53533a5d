package org.omnireward.data.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;

/**
 * Resolves a record's relative media path. Paths resolve against the media root (where
 * {@code media_data.zip} was extracted). The official JSON layout keeps {@code media_data/} next to
 * the JSON files and writes paths as {@code media_data/…}, so a path starting with
 * {@value #PREFIX} that is not found under the media root is also tried against the data folder,
 * and without its prefix against a media root (or data folder) that is itself the
 * {@code media_data} folder. Every candidate goes through {@link MediaRef#underRoot}, so nothing
 * resolves outside those two folders.
 */
final class MediaResolver {

    /** The folder prefix of the official media paths. */
    static final String PREFIX = BenchmarkLoader.MEDIA_DATA + "/";

    private final Path mediaRoot;
    private final Path dataDir;

    MediaResolver(Path mediaRoot, Path dataDir) {
        this.mediaRoot = mediaRoot.toAbsolutePath().normalize();
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    Path mediaRoot() {
        return mediaRoot;
    }

    /**
     * The media file for {@code relativePath}: the first candidate that exists, else the one under
     * the media root (whose {@link MediaRef#exists()} is false).
     *
     * @throws InvalidInputException when the path is blank, absolute or leaves the media root
     */
    MediaRef resolve(String relativePath, Modality modality) {
        MediaRef primary = MediaRef.underRoot(mediaRoot, relativePath, modality);
        if (primary.exists() || !hasPrefix(relativePath)) {
            return primary;
        }
        for (MediaRef candidate : fallbacks(relativePath, modality)) {
            if (candidate.exists()) {
                return candidate;
            }
        }
        return primary;
    }

    /** What a "not found" message adds for a path that was also looked for elsewhere, else "". */
    String alsoLookedIn(String relativePath) {
        if (!hasPrefix(relativePath) || dataDir.equals(mediaRoot)) {
            return "";
        }
        return "; also looked in the data folder " + dataDir;
    }

    private List<MediaRef> fallbacks(String relativePath, Modality modality) {
        String stripped = strip(relativePath);
        List<MediaRef> out = new ArrayList<>();
        for (Path root : dataDir.equals(mediaRoot) ? List.of(mediaRoot) : List.of(mediaRoot, dataDir)) {
            if (!root.equals(mediaRoot)) {
                add(out, root, relativePath, modality);
            }
            if (isMediaDataFolder(root) && !stripped.isBlank()) {
                add(out, root, stripped, modality);
            }
        }
        return out;
    }

    private static void add(List<MediaRef> out, Path root, String path, Modality modality) {
        try {
            out.add(MediaRef.underRoot(root, path, modality));
        } catch (InvalidInputException e) {
            // outside that folder: not a candidate
        }
    }

    static boolean hasPrefix(String relativePath) {
        return normalised(relativePath).startsWith(PREFIX);
    }

    private static String strip(String relativePath) {
        return normalised(relativePath).substring(PREFIX.length());
    }

    private static String normalised(String p) {
        String s = p.trim().replace('\\', '/');
        while (s.startsWith("./")) {
            s = s.substring(2);
        }
        return s;
    }

    private static boolean isMediaDataFolder(Path root) {
        Path name = root.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).equals(BenchmarkLoader.MEDIA_DATA);
    }
}
