package org.omnireward.data.sets.wmtmqm;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.data.Groups;
import org.omnireward.data.PairSink;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.SkipReason;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.Sources;
import org.omnireward.data.read.RatedPairs;

/**
 * Reads WMT MQM annotations (a TSV with the header {@code system, doc, doc_id, seg_id, rater,
 * source, target, category, severity}, one row per error; {@code No-error} rows mark clean
 * segments). A translation's MQM score is its weighted error count ({@link #weight}); the error
 * spans marked {@code <v>…</v>} in {@code target} are unmarked. Two systems' translations of one
 * segment by the same rater whose scores differ by at least {@code minGap} make a pair, the lower
 * score chosen, under {@link #CRITERION}; the prompt asks for the translation of the source
 * (language pair from the file name, e.g. {@code _ende}); group by source segment.
 */
public final class WmtMqmReader implements PreferenceSource {

    /** The default least score gap: one major error. */
    public static final double DEFAULT_MIN_GAP = 5;
    /** The criterion of translation pairs. */
    public static final String CRITERION = "Prefer the translation that is more accurate and more fluent.";

    private static final List<String> COLUMNS =
            List.of("system", "doc_id", "seg_id", "rater", "source", "target", "category", "severity");

    private final Path file;
    private final double minGap;

    /** A reader of {@code file} making pairs whose MQM scores differ by {@code minGap} or more. */
    public WmtMqmReader(Path file, double minGap) {
        this.file = file;
        this.minGap = minGap;
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.WMT_MQM;
    }

    @Override
    public String description() {
        return "wmt-mqm file " + file;
    }

    @Override
    public List<Path> files() {
        return List.of(file);
    }

    /** The usual MQM weight of one error: Major 5, Minor 1, minor punctuation 0.1, non-translation 25; no error and source errors 0. */
    public static double weight(String category, String severity) {
        String c = category.strip().toLowerCase(Locale.ROOT);
        String s = severity.strip().toLowerCase(Locale.ROOT);
        if (c.equals("no-error") || s.equals("no-error") || c.startsWith("source error")) {
            return 0;
        }
        if (c.startsWith("non-translation")) {
            return 25;
        }
        if (s.equals("major")) {
            return 5;
        }
        return c.equals("fluency/punctuation") ? 0.1 : 1;
    }

    private static final class Translation {
        final String system;
        final String text;
        double score;

        Translation(String system, String text) {
            this.system = system;
            this.text = text;
        }
    }

    @Override
    public void read(PairSink sink) {
        Segments segments = segments(sink);
        String languages = languages(file);
        for (Map.Entry<String, Map<String, Translation>> e :
                segments.translations().entrySet()) {
            String key = e.getKey();
            String source = segments.sources().get(key);
            String prompt = "Translate " + languages + ":\n\n" + source;
            // the lower MQM score (fewer, lighter errors) is the better translation
            RatedPairs.forEach(new ArrayList<>(e.getValue().values()), t -> -t.score, minGap, (chosen, rejected) -> {
                if (chosen.text.isBlank() || rejected.text.isBlank() || chosen.text.equals(rejected.text)) {
                    return;
                }
                String id = "wmt-mqm:" + key + ":" + chosen.system + ">" + rejected.system;
                sink.pair(PreferencePair.text(
                        id,
                        Groups.ofPrompt(source),
                        CRITERION,
                        prompt,
                        chosen.text,
                        rejected.text,
                        Sources.of(PreferenceFormat.WMT_MQM, file, "#" + key)));
            });
        }
    }

    /**
     * The translations of each segment ({@code doc_id:seg_id:rater}) by system, with their scores summed over the
     * error rows, and each segment's source text.
     */
    private record Segments(Map<String, Map<String, Translation>> translations, Map<String, String> sources) {}

    /** Reads the TSV; a row with too few fields is skipped with the reason. */
    private Segments segments(PairSink sink) {
        Segments segments = new Segments(new LinkedHashMap<>(), new LinkedHashMap<>());
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new InvalidInputException(file + " is empty; expected an MQM TSV with a header line");
            }
            List<String> names = Arrays.asList(header.split("\t", -1));
            int[] at = columns(names, header);
            String line;
            long number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length < names.size() - 1 || Arrays.stream(at).anyMatch(i -> i >= f.length)) {
                    sink.skipped(new SkippedRecord(
                            file.toString(),
                            "line " + number,
                            "",
                            SkipReason.MALFORMED,
                            f.length + " fields, the header has " + names.size()));
                    continue;
                }
                String key = f[at[1]] + ":" + f[at[2]] + ":" + f[at[3]];
                String target = unmark(f[at[5]]);
                Translation t = segments.translations()
                        .computeIfAbsent(key, k -> new LinkedHashMap<>())
                        .computeIfAbsent(f[at[0]], s -> new Translation(s, target));
                t.score += weight(f[at[6]], f[at[7]]);
                segments.sources().putIfAbsent(key, f[at[4]].strip());
            }
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return segments;
    }

    /** The index of each of {@link #COLUMNS} in the header; a missing one is an error. */
    private int[] columns(List<String> names, String header) {
        int[] at = new int[COLUMNS.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = names.indexOf(COLUMNS.get(i));
            if (at[i] < 0) {
                throw new InvalidInputException(
                        file + " has no column '" + COLUMNS.get(i) + "' (header: " + header + ")");
            }
        }
        return at;
    }

    /** The target without its {@code <v>…</v>} error marks. */
    static String unmark(String target) {
        return target.replace("<v>", "").replace("</v>", "").strip();
    }

    private static String languages(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.contains("ende")) {
            return "from English into German";
        }
        if (n.contains("zhen")) {
            return "from Chinese into English";
        }
        return "into the target language";
    }
}
