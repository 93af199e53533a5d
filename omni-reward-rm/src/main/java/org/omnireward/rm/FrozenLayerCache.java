package org.omnireward.rm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import org.omnireward.core.util.CacheDirectory;

/**
 * The frozen bottom of a {@link RewardNet} for one text: the hidden states that enter the first
 * trained layer ({@code [tokens, hidden]} floats), computed for the text alone (no padding, so they
 * depend on nothing but the text) and kept on disk, content-keyed like the embedding cache. Training
 * then runs only the trained layers in every epoch after the first and in every rerun: the frozen
 * layers record no gradient and never change.
 *
 * <p>The key is the SHA-256 of the base's ONNX file hash, the first trained layer, and the input's
 * token ids and types; one file per text, {@code DIR/ab/abcdef….f32} (a small header, then
 * little-endian float32), written to a temporary file and moved into place, so concurrent runs and a
 * kill at any moment leave only whole files. A file that does not read back as expected is computed
 * again and replaced. A disabled cache ({@link #disabled}) computes every time: both give the same
 * floats, so a run's weights do not depend on the cache (tested). Size: {@code 4 × hidden} bytes a
 * token (1.5 kB for MiniLM; about 14 GB for 40,000 texts of 230 tokens).
 */
public final class FrozenLayerCache {

    /** Subfolder of the toolkit's cache folder ({@link CacheDirectory}). */
    public static final String SUBFOLDER = "rm-layers";

    private static final int MAGIC = 0x464d524f; // "ORMF" little-endian
    private static final int VERSION = 1;
    private static final int HEADER = 16;

    private final Path directory;
    private final String baseSha256;
    private final int fromLayer;
    private final int hidden;
    private long hits;
    private long misses;

    private FrozenLayerCache(Path directory, String baseSha256, int fromLayer, int hidden) {
        this.directory = directory;
        this.baseSha256 = baseSha256;
        this.fromLayer = fromLayer;
        this.hidden = hidden;
    }

    /** The cache in {@code directory} (created when needed) for a base and first trained layer. */
    public static FrozenLayerCache open(Path directory, String baseSha256, int fromLayer, int hidden) {
        return new FrozenLayerCache(directory, baseSha256, fromLayer, hidden);
    }

    /** A cache that keeps nothing: every state is computed. */
    public static FrozenLayerCache disabled(int hidden) {
        return new FrozenLayerCache(null, "", 0, hidden);
    }

    /** The default folder: {@code rm-layers} in the toolkit's cache folder. */
    public static Path defaultDirectory() {
        return CacheDirectory.resolve().sub(SUBFOLDER);
    }

    /** Where the states live ({@code null} when disabled). */
    public Path directory() {
        return directory;
    }

    /** States read from disk so far. */
    public synchronized long hits() {
        return hits;
    }

    /** States computed so far. */
    public synchronized long misses() {
        return misses;
    }

    /**
     * The frozen state of {@code input}: from disk when there, else {@code compute} (whose result is
     * then stored).
     */
    public float[] get(CrossInput.Tokens input, Function<CrossInput.Tokens, float[]> compute) {
        if (directory == null) {
            count(false);
            return compute.apply(input);
        }
        Path file = fileFor(input);
        float[] cached = read(file, input.length());
        if (cached != null) {
            count(true);
            return cached;
        }
        float[] state = compute.apply(input);
        if (state.length != input.length() * hidden) {
            throw new IllegalStateException(
                    "a frozen state of " + input.length() + " tokens has " + state.length + " floats");
        }
        write(file, state, input.length());
        count(false);
        return state;
    }

    private synchronized void count(boolean hit) {
        if (hit) {
            hits++;
        } else {
            misses++;
        }
    }

    /** The file of an input's state. */
    Path fileFor(CrossInput.Tokens input) {
        String key = key(input);
        return directory.resolve(key.substring(0, 2)).resolve(key + ".f32");
    }

    private String key(CrossInput.Tokens input) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(("omni-reward-rm frozen layers v" + VERSION + "\n" + baseSha256 + "\n" + fromLayer + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.allocate(16 * input.length() + 4).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(input.length());
            for (long id : input.ids()) {
                b.putLong(id);
            }
            for (long t : input.types()) {
                b.putLong(t);
            }
            d.update(b.array());
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private float[] read(Path file, int tokens) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null; // unreadable: computed again and replaced
        }
        int floats = tokens * hidden;
        if (bytes.length != HEADER + 4L * floats) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != MAGIC || b.getInt() != VERSION || b.getInt() != tokens || b.getInt() != hidden) {
            return null;
        }
        float[] out = new float[floats];
        b.asFloatBuffer().get(out);
        return out;
    }

    private void write(Path file, float[] state, int tokens) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + 4 * state.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION).putInt(tokens).putInt(hidden);
        b.asFloatBuffer().put(state);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                Files.write(tmp, b.array());
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the frozen-layer cache file " + file + ": " + e.getMessage()
                            + " (train with --layer-cache off to run without it)",
                    e);
        }
    }
}
