package org.omnireward.data.benchmark;

import java.util.Locale;
import org.omnireward.core.InvalidInputException;

/** The on-disk layouts a benchmark can come in. */
public enum BenchmarkFormat {
    /** Hugging Face dataset snapshot: parquet files, one folder (or file prefix) per task config. */
    HF_PARQUET("hf"),
    /** {@code <long_name>_preferences.json} (array) or {@code <long_name>.json}/{@code .jsonl} files. */
    JSON("json"),
    /** LLaMA-Factory sharegpt ranking files declared in {@code dataset_info.json}. */
    LLAMA_FACTORY("llamafactory"),
    /** One unified preference JSONL file ({@code data convert} output): chosen/rejected per record. */
    UNIFIED("unified");

    private final String cliName;

    BenchmarkFormat(String cliName) {
        this.cliName = cliName;
    }

    /** The value {@code --format} takes. */
    public String cliName() {
        return cliName;
    }

    /** Parses a {@code --format} value. */
    public static BenchmarkFormat parse(String s) {
        for (BenchmarkFormat f : values()) {
            if (f.cliName.equalsIgnoreCase(s.trim()) || f.name().equalsIgnoreCase(s.trim())) {
                return f;
            }
        }
        throw new InvalidInputException("unknown format '" + s + "'; expected hf, json, llamafactory or unified");
    }

    @Override
    public String toString() {
        return cliName.toLowerCase(Locale.ROOT);
    }
}
