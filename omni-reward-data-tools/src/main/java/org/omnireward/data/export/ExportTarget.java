package org.omnireward.data.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.omnireward.core.InvalidInputException;

/** The trainers {@code data export --to} writes for. */
public enum ExportTarget {
    /** LLaMA-Factory sharegpt ranking files and {@code dataset_info.json} ({@code stage: rm}, DPO). */
    LLAMAFACTORY("llamafactory"),
    /** TRL preference JSONL, conversational: {@code prompt}/{@code chosen}/{@code rejected} message lists. */
    TRL("trl"),
    /** EasyR1 (verl) RL data for a generative judge: {@code problem}, {@code answer}, {@code images}/{@code videos}. */
    EASYR1("easyr1");

    private final String id;

    ExportTarget(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Parses a {@code --to} value. */
    public static ExportTarget parse(String s) {
        String n = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace("_", "-");
        for (ExportTarget t : values()) {
            if (t.id.equals(n) || (t == LLAMAFACTORY && n.equals("llama-factory"))) {
                return t;
            }
        }
        throw new InvalidInputException("unknown export target '" + s + "'; expected one of "
                + Arrays.stream(values()).map(ExportTarget::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
