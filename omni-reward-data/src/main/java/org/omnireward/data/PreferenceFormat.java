package org.omnireward.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.omnireward.core.InvalidInputException;

/** The preference data formats the readers understand, with the names accepted by {@code --format}. */
public enum PreferenceFormat {
    /** The project's unified preference JSONL (docs/preference-format.md). */
    UNIFIED("unified", List.of("jsonl", "omni")),
    /** LLaMA-Factory sharegpt ranking data: {@code conversations} (from/value), {@code chosen}, {@code rejected}. */
    LLAMAFACTORY_RANKING("llamafactory-ranking", List.of("sharegpt", "llamafactory", "llamafactory-sharegpt")),
    /** {@code chosen_messages}/{@code rejected_messages}: two full chats that differ in the last assistant turn. */
    CHOSEN_MESSAGES("chosen-messages", List.of("messages", "llamafactory-messages")),
    /** AlpacaEval annotations: {@code instruction}, {@code output_1}, {@code output_2}, {@code preference}. */
    ALPACA_EVAL("alpaca-eval", List.of("alpacaeval", "alpaca_eval")),
    /** An XSTest v2 folder: {@code xstest_prompts.csv} and {@code xstest_v2_completions_*.csv}. */
    XSTEST("xstest", List.of()),
    /** Anthropic HH-RLHF: {@code chosen}/{@code rejected} Human/Assistant transcripts ({@code .jsonl}, {@code .jsonl.gz}). */
    HH_RLHF("hh-rlhf", List.of("hh", "anthropic-hh")),
    /** {@code prompt} + {@code chosen}/{@code rejected} strings or message lists (UltraFeedback, Skywork, TRL). */
    CHAT_PAIRS("chat-pairs", List.of("trl", "ultrafeedback", "skywork")),
    /** RLAIF-V: image + {@code question} + {@code chosen}/{@code rejected} (parquet with image bytes, or JSON). */
    RLAIF_V("rlaif-v", List.of("rlaifv")),
    /** HPDv2: {@code prompt}, image paths, {@code human_preference}. */
    HPDV2("hpdv2", List.of("hpd")),
    /** Text-to-video pairs: {@code prompt}, two video paths, a preference. */
    VIDEO_PAIRS("video-pairs", List.of("videodpo")),
    /** Omni-RewardBench in any layout the benchmark loader reads; converted records are evaluation-only. */
    OMNIREWARDBENCH("omnirewardbench", List.of("omni-reward-bench", "benchmark")),
    /** An arena-hard-auto folder: {@code question.jsonl}, {@code model_answer/}, {@code model_judgment/} (graded 1–10). */
    ARENA_BENCH("arena-bench", List.of("arena-hard")),
    /** FineGrainedRLHF long-form QA feedback: four predictions per question and human preferences over their six pairs. */
    FINEGRAINED_QA("finegrained-qa", List.of("finegrained-rlhf-qa")),
    /** Newsroom human evaluation (JUDGE-BENCH layout): summaries rated 1–5 on four named criteria. */
    NEWSROOM("newsroom", List.of("newsroom-humaneval")),
    /** WMT MQM TSV: one row per annotated translation error. */
    WMT_MQM("wmt-mqm", List.of("mqm"));

    private final String id;
    private final List<String> aliases;

    PreferenceFormat(String id, List<String> aliases) {
        this.id = id;
        this.aliases = aliases;
    }

    /** The name used in messages, stats and source prefixes, e.g. {@code alpaca-eval}. */
    public String id() {
        return id;
    }

    /** Looks a format up by id or alias, case-insensitively ({@code _} and {@code -} are the same). */
    public static Optional<PreferenceFormat> lookup(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (PreferenceFormat f : values()) {
            if (f.id.equals(n)
                    || f.aliases.stream().anyMatch(a -> a.replace('_', '-').equals(n))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #lookup} but throws naming the valid names. */
    public static PreferenceFormat parse(String name) {
        return lookup(name)
                .orElseThrow(() -> new InvalidInputException(
                        "unknown preference data format '" + name + "'; expected one of " + validNames()));
    }

    /** The format ids, for messages. */
    public static String validNames() {
        return Arrays.stream(values()).map(PreferenceFormat::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
