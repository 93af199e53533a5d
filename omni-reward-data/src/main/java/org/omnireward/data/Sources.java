package org.omnireward.data;

import java.nio.file.Path;
import org.omnireward.core.PreferencePair;

/**
 * Provenance strings. A pair's {@code source} is {@code <format>:<folder>/<file><record>}, e.g.
 * {@code alpaca-eval:alpaca_eval/claude__alpaca_eval_gpt4.json#12} (0-based element of a JSON array)
 * or {@code chosen-messages:text-preferences/x.jsonl#L3} (line 3); synthetic pairs are
 * {@code synthetic:<kind><-<original source>}. The part before the first {@code :} (for synthetic
 * pairs, up to {@code <-}) is the pair's {@linkplain #category category}, used to count pairs per source.
 */
public final class Sources {

    /** Prefix of every synthetic pair's source. */
    public static final String SYNTHETIC_PREFIX = "synthetic:";

    private Sources() {}

    /** The source string of a record of {@code file}. */
    public static String of(PreferenceFormat format, Path file, String recordLabel) {
        return format.id() + ":" + fileLabel(file) + recordLabel;
    }

    /** {@code <folder>/<file>}: enough to find the file among the shared data, short enough for ids. */
    public static String fileLabel(Path file) {
        Path name = file.getFileName();
        Path parent = file.toAbsolutePath().getParent();
        if (name == null) {
            return file.toString();
        }
        return parent == null || parent.getFileName() == null ? name.toString() : parent.getFileName() + "/" + name;
    }

    /** The category of a source string: {@code alpaca-eval}, {@code xstest}, {@code synthetic:concise}, … */
    public static String category(String source) {
        if (source == null || source.isEmpty()) {
            return "unknown";
        }
        if (source.startsWith(SYNTHETIC_PREFIX)) {
            int arrow = source.indexOf("<-");
            return arrow < 0 ? source : source.substring(0, arrow);
        }
        int colon = source.indexOf(':');
        return colon <= 0 ? "unknown" : source.substring(0, colon);
    }

    /** The category of a pair's source. */
    public static String category(PreferencePair pair) {
        return category(pair.source());
    }

    /** True for pairs made by {@link CriterionSynthesis}. */
    public static boolean isSynthetic(PreferencePair pair) {
        return pair.source().startsWith(SYNTHETIC_PREFIX);
    }
}
