package org.omnireward.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.omnireward.core.util.Sha256;

/**
 * A reference to one media item (image, video, audio clip, 3D render): either a file under a media
 * root, read only when needed, or bytes already in memory (as parquet files embed them).
 *
 * <p>File references are created with {@link #underRoot}, which refuses paths that resolve outside
 * the root (by {@code ..}, an absolute path or a symbolic link), so a benchmark file can never make
 * us read arbitrary files.
 */
public abstract sealed class MediaRef permits MediaRef.FileMedia, MediaRef.InMemoryMedia {

    private final Modality modality;
    private volatile String contentKey;

    private MediaRef(Modality modality) {
        this.modality = Objects.requireNonNull(modality, "modality");
    }

    /**
     * A file given by a path relative to {@code root}.
     *
     * @throws InvalidInputException when the path is blank, absolute, or resolves outside the root
     */
    public static MediaRef underRoot(Path root, String relativePath, Modality modality) {
        if (relativePath == null || relativePath.isBlank()) {
            throw new InvalidInputException("empty media path");
        }
        Path rootAbs = root.toAbsolutePath().normalize();
        Path rel;
        try {
            rel = Path.of(relativePath.trim());
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidInputException("media path '" + relativePath + "' is not a valid path: " + e.getReason());
        }
        if (rel.isAbsolute()) {
            throw new InvalidInputException("media path '" + relativePath
                    + "' is absolute; expected a path relative to the media root " + rootAbs);
        }
        Path resolved = rootAbs.resolve(rel).normalize();
        if (!resolved.startsWith(rootAbs)) {
            throw new InvalidInputException(
                    "media path '" + relativePath + "' resolves outside the media root " + rootAbs);
        }
        if (Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Path real = resolved.toRealPath();
                Path realRoot = rootAbs.toRealPath();
                if (!real.startsWith(realRoot)) {
                    throw new InvalidInputException(
                            "media path '" + relativePath + "' links outside the media root " + rootAbs);
                }
            } catch (IOException e) {
                // a dangling link: treated as missing by exists()
            }
        }
        return new FileMedia(modality, rootAbs, relativePath.trim(), resolved);
    }

    /** Media held in memory, e.g. an image embedded in a parquet row. {@code name} is a file-name hint. */
    public static MediaRef ofBytes(byte[] bytes, String name, Modality modality) {
        return new InMemoryMedia(modality, bytes, name);
    }

    /** What kind of media this is. */
    public Modality modality() {
        return modality;
    }

    /** A short human-readable name: the relative path, or the name hint of in-memory media. */
    public abstract String name();

    /** Whether the content can be read (the file exists; in-memory media always does). */
    public abstract boolean exists();

    /** Size in bytes. */
    public abstract long size() throws IOException;

    /** Opens the content for streaming. The caller closes the stream. */
    public abstract InputStream open() throws IOException;

    /** The file on disk, when this is a file reference (decoders of video need one). */
    public abstract Optional<Path> path();

    /**
     * The key of this media's content: {@code <modality>:sha256:<hex>} of its bytes, computed once
     * per reference (a file is read in full the first time). Equal content gives equal keys whether
     * the media is a file or bytes embedded in a parquet row, so caches of prepared media and of
     * model answers hit for both.
     *
     * @throws java.io.UncheckedIOException when the content cannot be read
     */
    public String contentKey() {
        String k = contentKey;
        if (k == null) {
            try (InputStream in = open()) {
                k = modality.wireName() + ":sha256:" + Sha256.hex(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read media " + name() + " to hash its content", e);
            }
            contentKey = k;
        }
        return k;
    }

    /** Reads the whole content. Use {@link #open()} for large media. */
    public byte[] readAllBytes() throws IOException {
        try (InputStream in = open()) {
            return in.readAllBytes();
        }
    }

    /** The lower-case file extension of {@link #name()} without the dot, or "" when it has none. */
    public String extension() {
        String n = name();
        int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        int dot = n.lastIndexOf('.');
        return dot > slash ? n.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : "";
    }

    /** A file under a media root. */
    public static final class FileMedia extends MediaRef {
        private final Path root;
        private final String relativePath;
        private final Path file;

        private FileMedia(Modality modality, Path root, String relativePath, Path file) {
            super(modality);
            this.root = root;
            this.relativePath = relativePath;
            this.file = file;
        }

        /** The media root this path was resolved against. */
        public Path root() {
            return root;
        }

        /** The path as written in the benchmark file. */
        public String relativePath() {
            return relativePath;
        }

        @Override
        public String name() {
            return relativePath;
        }

        @Override
        public boolean exists() {
            return Files.isRegularFile(file);
        }

        @Override
        public long size() throws IOException {
            return Files.size(file);
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public Optional<Path> path() {
            return Optional.of(file);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FileMedia f
                    && f.file.equals(file)
                    && f.modality().equals(modality());
        }

        @Override
        public int hashCode() {
            return file.hashCode();
        }

        @Override
        public String toString() {
            return modality().wireName() + ":" + file;
        }
    }

    /** Media bytes held in memory. The array is not copied: do not modify it after handing it over. */
    public static final class InMemoryMedia extends MediaRef {
        private final byte[] bytes;
        private final String name;
        private int hash;

        private InMemoryMedia(Modality modality, byte[] bytes, String name) {
            super(modality);
            this.bytes = Objects.requireNonNull(bytes, "bytes");
            this.name = name == null ? "" : name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public byte[] readAllBytes() {
            return bytes.clone();
        }

        @Override
        public Optional<Path> path() {
            return Optional.empty();
        }

        /** In-memory media are equal when modality and bytes are (the name hint does not count). */
        @Override
        public boolean equals(Object o) {
            return o instanceof InMemoryMedia m && m.modality() == modality() && Arrays.equals(m.bytes, bytes);
        }

        @Override
        public int hashCode() {
            int h = hash;
            if (h == 0) {
                h = 31 * modality().hashCode() + Arrays.hashCode(bytes);
                hash = h;
            }
            return h;
        }

        @Override
        public String toString() {
            return modality().wireName() + ":<" + bytes.length + " bytes" + (name.isEmpty() ? "" : " " + name) + ">";
        }
    }

    /** Reads all bytes, wrapping I/O failures as unchecked. */
    public byte[] readAllBytesUnchecked() {
        try {
            return readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read media " + name(), e);
        }
    }
}
