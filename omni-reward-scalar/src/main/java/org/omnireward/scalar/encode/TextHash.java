package org.omnireward.scalar.encode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.omnireward.core.util.Sha256;

/**
 * The SHA-256 of a text's UTF-8 bytes, the key of the {@link EmbeddingCache}. Held as four longs
 * so that the in-memory index compares keys cheaply.
 */
public record TextHash(long a, long b, long c, long d) {

    /** Length of the hash in bytes. */
    public static final int BYTES = 32;

    /**
     * The hash of {@code text} (unpaired surrogates are replaced by U+FFFD first, so every string
     * has one well-defined UTF-8 encoding).
     */
    public static TextHash of(String text) {
        byte[] utf8 = Texts.replaceUnpairedSurrogates(text).getBytes(StandardCharsets.UTF_8);
        return fromBytes(Sha256.digest(utf8));
    }

    /** The hash whose 32 bytes are {@code bytes}. */
    public static TextHash fromBytes(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a text hash has " + BYTES + " bytes, not " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new TextHash(buffer.getLong(), buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    /** The 32 bytes of the hash. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES)
                .putLong(a)
                .putLong(b)
                .putLong(c)
                .putLong(d)
                .array();
    }

    /** Lower-case hex, as {@code sha256sum} prints it. */
    public String hex() {
        return HexFormat.of().formatHex(toBytes());
    }

    @Override
    public String toString() {
        return hex();
    }
}
