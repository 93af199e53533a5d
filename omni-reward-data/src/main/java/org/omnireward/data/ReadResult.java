package org.omnireward.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.omnireward.core.PreferencePair;

/**
 * A {@link PairSink} that keeps everything a reader produced: the pairs, the skipped records (the
 * first {@value #MAX_KEPT_SKIPS} in detail, all of them counted per reason) and the notes.
 */
public final class ReadResult implements PairSink {

    /** How many skipped records are kept in detail; the rest are only counted. */
    public static final int MAX_KEPT_SKIPS = 10_000;

    private final String description;
    private final List<PreferencePair> pairs = new ArrayList<>();
    private final List<SkippedRecord> skipped = new ArrayList<>();
    private final EnumMap<SkipReason, Long> skippedByReason = new EnumMap<>(SkipReason.class);
    private final List<String> notes = new ArrayList<>();
    private long ties;

    /** An empty result; {@code description} names what is read (a file, a folder). */
    public ReadResult(String description) {
        this.description = description;
    }

    /** Reads {@code source} completely into a new result. */
    public static ReadResult of(PreferenceSource source) {
        ReadResult r = new ReadResult(source.description());
        source.read(r);
        return r;
    }

    @Override
    public void pair(PreferencePair pair) {
        pairs.add(pair);
        if (pair.tie()) {
            ties++;
        }
    }

    @Override
    public void skipped(SkippedRecord record) {
        skippedByReason.merge(record.reason(), 1L, Long::sum);
        if (skipped.size() < MAX_KEPT_SKIPS) {
            skipped.add(record);
        }
    }

    @Override
    public void note(String message) {
        notes.add(message);
    }

    public String description() {
        return description;
    }

    /** All pairs read, ties included, in reading order. */
    public List<PreferencePair> pairs() {
        return Collections.unmodifiableList(pairs);
    }

    /** The pairs that are not ties (what Bradley–Terry training uses). */
    public List<PreferencePair> decisivePairs() {
        return pairs.stream().filter(p -> !p.tie()).toList();
    }

    /** How many of the pairs are ties. */
    public long ties() {
        return ties;
    }

    /** Skipped records kept in detail (at most {@value #MAX_KEPT_SKIPS}). */
    public List<SkippedRecord> skipped() {
        return Collections.unmodifiableList(skipped);
    }

    /** Number of skipped records of every reason that occurred. */
    public Map<SkipReason, Long> skippedByReason() {
        return Collections.unmodifiableMap(skippedByReason);
    }

    /** Number of skipped records of one reason. */
    public long skipped(SkipReason reason) {
        return skippedByReason.getOrDefault(reason, 0L);
    }

    /** Total number of skipped records. */
    public long skippedCount() {
        return skippedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /** One line: pairs, ties, skipped per reason. */
    public String summary() {
        String skips = skippedByReason.isEmpty()
                ? "none"
                : skippedByReason.entrySet().stream()
                        .map(e -> e.getKey().key() + "=" + e.getValue())
                        .collect(Collectors.joining(", "));
        return description + ": " + pairs.size() + " pairs (" + ties + " ties), skipped: " + skips;
    }

    @Override
    public String toString() {
        return summary();
    }
}
