package org.omnireward.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;

/**
 * Puts the media of records next to a unified JSONL file, so that the file and its folder are
 * self-contained: media already inside the file's folder stay where they are; any other media (files
 * elsewhere, bytes embedded in a parquet row) are written once into the media folder, named by the
 * SHA-256 of their content ({@code <hex>.<ext>}), so equal content is stored once. Thread-safe.
 */
public final class MediaStore {

    private final Path root;
    private final Path dir;
    private long written;
    private long reused;
    private final List<Path> created = new ArrayList<>();

    /**
     * A store for a JSONL file in {@code root} that writes new media into {@code dir}.
     *
     * @throws InvalidInputException when {@code dir} is not inside {@code root} (the unified format
     *     refuses media outside the JSONL file's folder)
     */
    public MediaStore(Path root, Path dir) {
        this.root = root.toAbsolutePath().normalize();
        this.dir = dir.toAbsolutePath().normalize();
        if (!this.dir.startsWith(this.root)) {
            throw new InvalidInputException("the media folder " + this.dir + " must be inside the output file's folder "
                    + this.root + ": unified JSONL refers to media by paths relative to its own folder");
        }
    }

    /** The folder new media are written to. */
    public Path dir() {
        return dir;
    }

    /** The record with every media item inside the root. */
    public UnifiedRecord place(UnifiedRecord r) {
        PreferencePair p = r.pair();
        if (p.inputs().isEmpty() && p.chosen().isText() && p.rejected().isText()) {
            return r;
        }
        List<MediaRef> inputs = new ArrayList<>();
        for (MediaRef m : p.inputs()) {
            inputs.add(place(m));
        }
        return r.withPair(new PreferencePair(
                p.id(),
                p.task(),
                p.group(),
                p.criteria(),
                p.prompt(),
                inputs,
                place(p.chosen()),
                place(p.rejected()),
                p.tie(),
                p.source()));
    }

    private Response place(Response r) {
        return r.isText() ? r : Response.media(place(r.media().orElseThrow()));
    }

    /** The media item as a file under the root: itself when it is one already, else a stored copy. */
    public MediaRef place(MediaRef m) {
        if (m.path().isPresent()) {
            Path abs = m.path().get().toAbsolutePath().normalize();
            if (abs.startsWith(root)) {
                return m;
            }
        }
        String key = m.contentKey();
        String hex = key.substring(key.lastIndexOf(':') + 1);
        String ext = extension(m);
        Path target = dir.resolve(hex + (ext.isEmpty() ? "" : "." + ext));
        synchronized (this) {
            if (Files.exists(target)) {
                reused++;
            } else {
                write(m, target);
                written++;
                created.add(target);
            }
        }
        return MediaRef.underRoot(root, root.relativize(target).toString().replace('\\', '/'), m.modality());
    }

    private static void write(MediaRef m, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".part-", ".tmp");
            try (InputStream in = m.open()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write media " + m.name() + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the media files this store wrote, for a job that failed: nothing it added stays behind.
     * Files that were there before are kept.
     */
    public synchronized void rollback() {
        for (Path p : created) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // best effort: the job has failed already and says why
            }
        }
        created.clear();
        try {
            if (Files.isDirectory(dir)) {
                try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isEmpty()) {
                        Files.delete(dir);
                    }
                }
            }
        } catch (IOException e) {
            // best effort
        }
    }

    /** Files written so far. */
    public synchronized long written() {
        return written;
    }

    /** Media whose content was already stored. */
    public synchronized long reused() {
        return reused;
    }

    /** The extension of a media item: from its name, else sniffed from its first bytes, else none. */
    static String extension(MediaRef m) {
        String e = m.extension();
        if (!e.isEmpty() && e.length() <= 5 && e.chars().allMatch(Character::isLetterOrDigit)) {
            return e.toLowerCase(Locale.ROOT);
        }
        try (InputStream in = m.open()) {
            return sniff(in.readNBytes(12));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read media " + m.name() + ": " + ex.getMessage(), ex);
        }
    }

    /** The usual extension of a few media formats, from their magic bytes; "" when unknown. */
    public static String sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "jpg";
        }
        String head = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (head.startsWith("\u0089PNG")) {
            return "png";
        }
        if (head.startsWith("GIF8")) {
            return "gif";
        }
        if (head.startsWith("RIFF") && head.length() >= 12) {
            return switch (head.substring(8, 12)) {
                case "WEBP" -> "webp";
                case "WAVE" -> "wav";
                case "AVI " -> "avi";
                default -> "";
            };
        }
        if (head.startsWith("fLaC")) {
            return "flac";
        }
        if (head.startsWith("ID3") || b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xe0) == 0xe0) {
            return "mp3";
        }
        if (head.length() >= 8 && head.substring(4, 8).equals("ftyp")) {
            return "mp4";
        }
        return "";
    }
}
