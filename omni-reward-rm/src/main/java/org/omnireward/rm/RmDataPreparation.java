package org.omnireward.rm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.StableHash;
import org.omnireward.data.ArenaBenchReader;
import org.omnireward.data.FineGrainedQaReader;
import org.omnireward.data.LengthBalance;
import org.omnireward.data.NewsroomReader;
import org.omnireward.data.PreferenceReaders;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.QualityPairs;
import org.omnireward.data.ReadResult;
import org.omnireward.data.Sources;
import org.omnireward.data.Splits;
import org.omnireward.data.UnifiedJsonlWriter;
import org.omnireward.data.WmtMqmReader;
import org.omnireward.data.XsTestReader;

/**
 * The training and validation files of the cross-encoder reward model, from the shared
 * {@code text-preferences} folder: arena-bench (graded answers, gap ≥ 3), FineGrainedRLHF QA
 * (human), Newsroom (human, four named criteria), WMT MQM (expert, gap ≥ one major error), XSTest
 * (human safety labels) and a length-balanced sample of AlpacaEval; plus, from the real pairs of
 * each side, the {@link QualityPairs} (padding, repetition, key sentence removed) and the real
 * criterion flips. Split by group (prompt) so no prompt is on both sides; then each source
 * category is capped (a seeded choice by pair-id hash) so that a CPU run stays modest: at most
 * {@code trainPerCategory} training and {@code validPerCategory} validation pairs per category.
 * Public benchmark test splits are never read (the data module refuses them).
 */
public final class RmDataPreparation {

    /** Share of the groups that go to validation. */
    public static final double VALID_FRACTION = 0.1;
    /** The least difference of Newsroom mean ratings of the pairs criterion flips are looked for in. */
    public static final double FLIP_MIN_GAP = 0.6;

    private final Path textPreferences;
    private final long seed;
    private final int trainPerCategory;
    private final int validPerCategory;

    /** A preparation of {@code textPreferences} (the shared folder or its {@code text-preferences}). */
    public RmDataPreparation(Path shared, long seed, int trainPerCategory, int validPerCategory) {
        this.textPreferences =
                Files.isDirectory(shared.resolve("text-preferences")) ? shared.resolve("text-preferences") : shared;
        if (!Files.isDirectory(textPreferences.resolve("xstest"))) {
            throw new InvalidInputException(
                    shared + " is not the shared data folder (no text-preferences/xstest in it)");
        }
        if (trainPerCategory < 1 || validPerCategory < 1) {
            throw new InvalidInputException("per-category caps must be at least 1");
        }
        this.seed = seed;
        this.trainPerCategory = trainPerCategory;
        this.validPerCategory = validPerCategory;
    }

    /** What was written: pairs per category on each side. */
    public record Stats(Map<String, Integer> train, Map<String, Integer> valid) {}

    /** Reads, builds, splits and writes {@code out/train.jsonl}, {@code out/valid.jsonl} and {@code out/stats.json}. */
    public Stats write(Path out, java.util.function.Consumer<String> log) {
        List<PreferencePair> real = new ArrayList<>();
        real.addAll(read(
                new ArenaBenchReader(textPreferences.resolve("arena-bench-v1"), ArenaBenchReader.DEFAULT_MIN_GAP),
                log));
        real.addAll(
                read(new FineGrainedQaReader(textPreferences.resolve("finegrained-rlhf-qa/dev_feedback.json")), log));
        List<PreferencePair> news = read(
                new NewsroomReader(
                        textPreferences.resolve("newsroom-humaneval/newsroom.json"), NewsroomReader.DEFAULT_MIN_GAP),
                log);
        real.addAll(news);
        // criterion flips need two criteria rating the same two summaries in opposite orders: looser pairs
        // (mean ratings one rater's point apart) find more of them; only the flips are kept from these
        List<PreferencePair> flipSource = read(
                new NewsroomReader(textPreferences.resolve("newsroom-humaneval/newsroom.json"), FLIP_MIN_GAP), log);
        for (String f : List.of("mqm_ted_ende.tsv", "mqm_ted_zhen.tsv")) {
            real.addAll(read(
                    new WmtMqmReader(textPreferences.resolve("wmt-mqm-ted").resolve(f), WmtMqmReader.DEFAULT_MIN_GAP),
                    log));
        }
        real.addAll(read(new XsTestReader(textPreferences.resolve("xstest")), log));
        List<PreferencePair> alpaca = read(PreferenceReaders.open(textPreferences.resolve("alpaca_eval")), log);
        real.addAll(LengthBalance.balance(alpaca, seed));
        real.removeIf(PreferencePair::tie);
        Splits.Split split = Splits.split(real, seed, VALID_FRACTION);
        List<PreferencePair> train = withDerived(split.train(), flipSource);
        List<PreferencePair> valid = withDerived(split.valid(), flipSource);
        Map<String, Integer> trainCounts = new TreeMap<>();
        Map<String, Integer> validCounts = new TreeMap<>();
        train = cap(train, trainPerCategory, trainCounts);
        valid = cap(valid, validPerCategory, validCounts);
        try {
            Files.createDirectories(out);
            UnifiedJsonlWriter.writeAll(out.resolve("train.jsonl"), train);
            UnifiedJsonlWriter.writeAll(out.resolve("valid.jsonl"), valid);
            ObjectNode stats = Json.mapper().createObjectNode();
            stats.put("seed", seed);
            stats.put("train_per_category", trainPerCategory);
            stats.put("valid_per_category", validPerCategory);
            ObjectNode t = stats.putObject("train");
            trainCounts.forEach(t::put);
            ObjectNode v = stats.putObject("valid");
            validCounts.forEach(v::put);
            Files.writeString(out.resolve("stats.json"), Json.pretty().writeValueAsString(stats) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + out + ": " + e.getMessage(), e);
        }
        log.accept("train " + train.size() + " pairs " + trainCounts);
        log.accept("valid " + valid.size() + " pairs " + validCounts);
        return new Stats(trainCounts, validCounts);
    }

    private List<PreferencePair> withDerived(List<PreferencePair> real, List<PreferencePair> flipSource) {
        List<PreferencePair> out = new ArrayList<>(real);
        QualityPairs quality = new QualityPairs(seed);
        for (PreferencePair p : real) {
            String c = Sources.category(p);
            if (c.equals("finegrained-qa") || c.equals("arena-bench") || c.equals("alpaca-eval")) {
                out.addAll(quality.pairs(p));
            }
        }
        java.util.Set<String> groups = new java.util.HashSet<>();
        real.forEach(p -> groups.add(p.group()));
        out.addAll(QualityPairs.criterionFlips(
                flipSource.stream().filter(p -> groups.contains(p.group())).toList()));
        return out;
    }

    /** At most {@code max} pairs per category, chosen by a seeded hash of their ids; input order kept. */
    private List<PreferencePair> cap(List<PreferencePair> pairs, int max, Map<String, Integer> counts) {
        Map<String, List<PreferencePair>> byCategory = new LinkedHashMap<>();
        for (PreferencePair p : pairs) {
            byCategory
                    .computeIfAbsent(Sources.category(p), k -> new ArrayList<>())
                    .add(p);
        }
        java.util.Set<PreferencePair> keep = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Map.Entry<String, List<PreferencePair>> e : byCategory.entrySet()) {
            List<PreferencePair> sorted = new ArrayList<>(e.getValue());
            sorted.sort(Comparator.comparingLong((PreferencePair p) -> StableHash.of(seed, "rm-cap", p.id()))
                    .thenComparing(PreferencePair::id));
            List<PreferencePair> kept = sorted.subList(0, Math.min(max, sorted.size()));
            keep.addAll(kept);
            counts.put(e.getKey(), kept.size());
        }
        return pairs.stream().filter(keep::contains).toList();
    }

    private static List<PreferencePair> read(PreferenceSource source, java.util.function.Consumer<String> log) {
        ReadResult r = source.readAll();
        log.accept(r.summary());
        return r.decisivePairs().stream()
                .filter(p -> p.chosen().isText() && p.rejected().isText())
                .toList();
    }
}
