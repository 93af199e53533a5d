package org.omnireward.explore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.omnireward.data.MediaStore;

/**
 * The one rule for which files the explorer may send: regular files whose real path (links resolved) lies
 * under the real path of one of the given roots; and the content type each media kind is sent with. A
 * type not in the table is sent as {@code application/octet-stream}, never as something a browser would
 * render as a page.
 */
final class MediaFiles {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("bmp", "image/bmp"),
            Map.entry("avif", "image/avif"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("m4v", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("mov", "video/quicktime"),
            Map.entry("ogv", "video/ogg"),
            Map.entry("mkv", "video/x-matroska"),
            Map.entry("wav", "audio/wav"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("flac", "audio/flac"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("oga", "audio/ogg"),
            Map.entry("m4a", "audio/mp4"),
            Map.entry("aac", "audio/aac"),
            Map.entry("opus", "audio/ogg"),
            Map.entry("glb", "model/gltf-binary"),
            Map.entry("gltf", "model/gltf+json"),
            Map.entry("obj", "model/obj"),
            Map.entry("ply", "application/octet-stream"),
            Map.entry("stl", "model/stl"));

    private MediaFiles() {}

    /** {@code file} when it is a regular file under one of {@code roots} (both compared as real paths). */
    static Optional<Path> underRoots(Path file, List<Path> roots) {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Path real = file.toRealPath();
            for (Path root : roots) {
                if (Files.isDirectory(root) && real.startsWith(root.toRealPath())) {
                    return Optional.of(real);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The content type of a media file by its extension, sniffing the first bytes when it has none. */
    static String contentType(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? sniff(file) : n.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    /** Whether a content type is an image a browser shows in {@code <img>}. */
    static boolean isImage(String contentType) {
        return contentType.startsWith("image/");
    }

    private static String sniff(Path file) {
        try (var in = Files.newInputStream(file)) {
            return MediaStore.sniff(in.readNBytes(12));
        } catch (IOException e) {
            return "";
        }
    }
}
