package org.omnireward.data;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.omnireward.core.util.Sha256;

/**
 * Split keys. All readers derive a pair's group from its normalised prompt, so the same instruction
 * gets the same group in every file and every source, and {@link Splits} can keep it on one side.
 */
public final class Groups {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Groups() {}

    /** The group of a prompt: {@code p} followed by 16 hex digits of the SHA-256 of {@link #normalise}. */
    public static String ofPrompt(String prompt) {
        return "p" + sha256Hex(normalise(prompt)).substring(0, 16);
    }

    /** Unicode NFKC, lower case, runs of whitespace collapsed to one space, trimmed. */
    public static String normalise(String text) {
        String n = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT);
        return WHITESPACE.matcher(n).replaceAll(" ").trim();
    }

    /** Hex SHA-256 of the UTF-8 bytes of {@code text}. */
    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }

    static byte[] sha256(String text) {
        return Sha256.digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A deterministic number in [0, 1) from a seed and a key (the first 53 bits of SHA-256), the same
     * on every JVM and independent of the order in which keys are seen.
     */
    static double unitHash(long seed, String key) {
        byte[] h = sha256(seed + "\u0000" + key);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (h[i] & 0xFF);
        }
        return (bits >>> 11) * 0x1.0p-53;
    }
}
