package org.omnireward.data.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.omnireward.core.InvalidInputException;

/**
 * Which LLaMA-Factory reads an export ({@code data export --to llamafactory --flavor}). They differ in
 * one thing that matters: whether each side of a pair can have its own media.
 */
public enum LlamaFactoryFlavor {
    /**
     * Upstream LLaMA-Factory (hiyouga/LLaMA-Factory): its pairwise processor gives both sides the whole
     * media list, so a pair of media responses (t2i, t2v, t2a, t23d, ti2i) cannot be written.
     */
    UPSTREAM("upstream"),
    /**
     * The authors' fork (HongbangYuan/OmniReward, {@code OmniReward-Factory}): a two-file list gives one
     * file to each side, a longer one with equal responses is split in halves; so media responses can be
     * written, but a text pair with exactly two input files cannot.
     */
    OMNIREWARD_FACTORY("omnireward-factory");

    private final String id;

    LlamaFactoryFlavor(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Parses a {@code --flavor} value. */
    public static LlamaFactoryFlavor parse(String s) {
        String n = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (LlamaFactoryFlavor f : values()) {
            if (f.id.equals(n)) {
                return f;
            }
        }
        throw new InvalidInputException("unknown LLaMA-Factory flavor '" + s + "'; expected one of "
                + Arrays.stream(values()).map(LlamaFactoryFlavor::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
