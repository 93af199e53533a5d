package org.omnireward.core.util;

import java.nio.charset.StandardCharsets;
import org.omnireward.core.Internal;

/**
 * A seeded 64-bit hash of strings that is the same on every JVM, run and thread. Harness decisions
 * that must not depend on scheduling or order (which response a judge sees first, what a random
 * baseline answers) are derived from it. Callers pass a distinct domain string as the first part so
 * that two decisions with the same seed and id are not correlated.
 */
@Internal
public final class StableHash {

    private StableHash() {}

    /** The hash of {@code parts} under {@code seed}. Each part is length-prefixed, so ("ab","c") ≠ ("a","bc"). */
    public static long of(long seed, String... parts) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            h = mix(h ^ bytes.length);
            for (byte b : bytes) {
                h ^= b & 0xff;
                h *= 0x100000001B3L; // FNV-1a prime
            }
            h = mix(h);
        }
        return h;
    }

    /** A uniform choice in {@code [0, n)} derived from {@link #of}. */
    public static int choice(int n, long seed, String... parts) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive, got " + n);
        }
        return (int) Long.remainderUnsigned(of(seed, parts), n);
    }

    /** A fair coin derived from {@link #of}. */
    public static boolean bit(long seed, String... parts) {
        return (of(seed, parts) >>> 63) == 1;
    }

    /** The SplitMix64 finaliser: spreads every input bit over the whole word. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
