package org.omnireward.core.util;

import java.util.Locale;
import org.omnireward.core.Internal;

/**
 * Short human-readable durations for progress lines and ETAs ({@code 45s}, {@code 3m05s},
 * {@code 2h03m}), shared by the benchmark runner's displays and the CLI's training progress so that
 * every progress line reads the same.
 */
@Internal
public final class Durations {

    private Durations() {}

    /**
     * {@code seconds} as {@code 45s} (under a minute), {@code 3m05s} (under an hour) or {@code 2h03m};
     * negative values count as zero.
     */
    public static String format(long seconds) {
        long s = Math.max(0, seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
