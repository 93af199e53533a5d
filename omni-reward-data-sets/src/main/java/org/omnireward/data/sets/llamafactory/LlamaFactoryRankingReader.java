package org.omnireward.data.sets.llamafactory;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.data.Criteria;
import org.omnireward.data.Groups;
import org.omnireward.data.JsonFileSource;
import org.omnireward.data.PairSink;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.RecordException;
import org.omnireward.data.RecordSink;
import org.omnireward.data.SkipReason;
import org.omnireward.data.StrictFields;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.read.FieldReader;
import org.omnireward.data.read.MediaPlaceholders;
import org.omnireward.data.read.SharegptRanking;
import org.omnireward.data.read.SharegptRanking.Role;
import org.omnireward.data.read.SharegptRanking.Turn;

/**
 * Reads LLaMA-Factory sharegpt ranking data (a JSON array, or JSON Lines) with the shared
 * {@link SharegptRanking} parser (the benchmark's LLaMA-Factory layout uses the same one):
 * {@code conversations} (a list of {@code {from, value}} turns ending with a human turn),
 * {@code chosen} and {@code rejected} (each {@code {from: gpt, value}} or a plain string). A leading
 * system turn (or a top-level {@code system} string) is the criterion, otherwise
 * {@link Criteria#GENERAL}. Several turns become a transcript prompt.
 *
 * <p>Records listing input media ({@code images}, {@code videos} or {@code audios}, one kind per
 * record) become ti2t, tv2t or ta2t pairs. As LLaMA-Factory does, each {@code <image>}/{@code <video>}/
 * {@code <audio>} placeholder of the human turns takes the next file of its list; a record whose
 * placeholders and files do not match in number is refused ({@link SkipReason#INCONSISTENT}), and the
 * user turn each file belongs to is kept ({@link UnifiedRecord#inputTurns()}). Placeholders are removed
 * from the prompt ({@link MediaPlaceholders#strip}), escaped placeholders restored. Paths resolve
 * against the file's folder with {@link MediaRef#underRoot} (never outside it) and must exist.
 *
 * <p>Pairs of media responses, as the authors' OmniReward-Factory reads them and
 * {@code data export --flavor omnireward-factory} writes them: {@code chosen} and {@code rejected} are
 * the same placeholder and the media list holds the chosen then the rejected file, after the prompt's
 * inputs ({@code [inputs…, chosen, rejected]}) or with the inputs repeated per side
 * ({@code [inputs…, chosen, inputs…, rejected]}, the fork's halves). Records mixing kinds, placeholders
 * in assistant turns or beside text in a response, and tool turns are refused as
 * {@link SkipReason#UNSUPPORTED}.
 */
public final class LlamaFactoryRankingReader extends JsonFileSource {

    public LlamaFactoryRankingReader(Path file) {
        super(file);
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.LLAMAFACTORY_RANKING;
    }

    @Override
    protected void map(RecordRef ref, JsonNode record, PairSink sink) {
        FieldReader f = StrictFields.of(record);
        SharegptRanking.Columns cols = SharegptRanking.Columns.defaults();
        String system = f.optionalStrictString("system");
        SharegptRanking.Record r = SharegptRanking.parse(f, cols, SharegptRanking.Tags.defaults());
        int offset = hasSystemTurn(record) ? 1 : 0;
        requireTurnTexts(r, offset, cols);
        String criterion = MediaPlaceholders.unescape(
                r.criterion() != null && !r.criterion().isBlank()
                        ? r.criterion()
                        : system != null && !system.isBlank() ? system : Criteria.GENERAL);
        Modality kind = mediaKind(r, cols);
        Placed placed = place(r, offset, cols, kind);
        Optional<Modality> chosenKind = placeholderOnly(r.chosen());
        Optional<Modality> rejectedKind = placeholderOnly(r.rejected());
        String source = sourceOf(ref);
        if (chosenKind.isPresent() || rejectedKind.isPresent()) {
            RecordSink.send(sink, generationPair(record, r, placed, criterion, chosenKind, rejectedKind, source));
            return;
        }
        for (String side : List.of(cols.chosen(), cols.rejected())) {
            if (MediaPlaceholders.any(side.equals(cols.chosen()) ? r.chosen() : r.rejected())) {
                throw new RecordException(
                        SkipReason.UNSUPPORTED,
                        side,
                        "the response holds a media placeholder"
                                + " beside text; media in a text response are not supported");
            }
        }
        for (Modality m : SharegptRanking.mediaModalities()) {
            requireCount(placed, m, r.media().get(m).size(), cols);
        }
        String chosen = MediaPlaceholders.unescape(r.chosen());
        String rejected = MediaPlaceholders.unescape(r.rejected());
        requireDistinctTexts("chosen", chosen, "rejected", rejected);
        if (kind == null) {
            sink.pair(textPair(source, criterion, placed.prompt(), chosen, rejected, false));
            return;
        }
        List<MediaRef> inputs = mediaFiles(r.media().get(kind), kind, cols.media(kind));
        PreferencePair pair = new PreferencePair(
                source,
                taskOf(kind),
                Groups.ofPrompt(placed.prompt()),
                criterion,
                placed.prompt(),
                inputs,
                Response.text(chosen),
                Response.text(rejected),
                false,
                source);
        RecordSink.send(sink, new UnifiedRecord(pair, null, null, placed.turns()));
    }

    /** Refuses a blank prompt turn, naming it by its place in the record's list. */
    private static void requireTurnTexts(SharegptRanking.Record r, int offset, SharegptRanking.Columns cols) {
        for (int i = 0; i < r.turns().size(); i++) {
            if (r.turns().get(i).text().isBlank()) {
                throw new RecordException(
                        SkipReason.EMPTY_TEXT,
                        cols.messages() + "[" + (i + offset) + "].value",
                        "the turn's text is blank");
            }
        }
    }

    /** The one kind of media the record lists; null for none. */
    private static Modality mediaKind(SharegptRanking.Record r, SharegptRanking.Columns cols) {
        Modality kind = null;
        for (Map.Entry<Modality, List<String>> e : r.media().entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            if (kind != null) {
                throw new RecordException(
                        SkipReason.UNSUPPORTED,
                        cols.media(e.getKey()),
                        "the record lists "
                                + kind.wireName() + " and " + e.getKey().wireName()
                                + " media; one kind of media per record is supported");
            }
            kind = e.getKey();
        }
        return kind;
    }

    /** Media files of {@code paths} (entries of {@code column}), resolved under the file's folder. */
    private List<MediaRef> mediaFiles(List<String> paths, Modality modality, String column) {
        Path root = file.toAbsolutePath().getParent();
        List<MediaRef> out = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            out.add(media(root, paths.get(i), modality, column + "[" + i + "]"));
        }
        return out;
    }

    /**
     * A record's prompt with its placeholders removed (and escaped placeholders restored), the user turn
     * of each placeholder of the record's media kind in the order LLaMA-Factory hands out media (by
     * appearance across the turns), and the number of placeholders of each kind.
     */
    private record Placed(String prompt, List<Integer> turns, Map<Modality, Integer> counts) {

        int count(Modality m) {
            return counts.getOrDefault(m, 0);
        }
    }

    private static Placed place(SharegptRanking.Record r, int offset, SharegptRanking.Columns cols, Modality kind) {
        List<Integer> turns = new ArrayList<>();
        List<Turn> cleaned = new ArrayList<>();
        Map<Modality, Integer> counts = new EnumMap<>(Modality.class);
        int user = -1;
        for (int i = 0; i < r.turns().size(); i++) {
            Turn t = r.turns().get(i);
            if (t.role() == Role.USER) {
                user++;
            }
            for (Modality m : SharegptRanking.mediaModalities()) {
                int n = MediaPlaceholders.count(t.text(), m);
                if (n == 0) {
                    continue;
                }
                if (t.role() != Role.USER) {
                    throw new RecordException(
                            SkipReason.UNSUPPORTED,
                            cols.messages() + "[" + (i + offset) + "].value",
                            "a " + MediaPlaceholders.of(m) + " placeholder in an assistant turn of the prompt is not"
                                    + " supported");
                }
                counts.merge(m, n, Integer::sum);
                if (m == kind) {
                    for (int k = 0; k < n; k++) {
                        turns.add(user);
                    }
                }
            }
            cleaned.add(new Turn(t.role(), MediaPlaceholders.unescape(MediaPlaceholders.strip(t.text()))));
        }
        String prompt = SharegptRanking.render(cleaned, false);
        if (prompt.isBlank()) {
            throw new RecordException(
                    SkipReason.EMPTY_TEXT,
                    cols.messages(),
                    "the prompt holds no text besides its" + " media placeholders");
        }
        return new Placed(prompt, turns, counts);
    }

    /** Refuses a record whose prompt's placeholders of {@code m} do not match its {@code expected} input files. */
    private static void requireCount(Placed placed, Modality m, int expected, SharegptRanking.Columns cols) {
        int n = placed.count(m);
        if (n != expected) {
            throw new RecordException(
                    SkipReason.INCONSISTENT,
                    n > expected ? cols.messages() : cols.media(m),
                    "the prompt holds " + n + " " + MediaPlaceholders.of(m) + " placeholder" + (n == 1 ? "" : "s")
                            + " but '" + cols.media(m) + "' lists " + expected + " input file"
                            + (expected == 1 ? "" : "s") + " for it (LLaMA-Factory refuses such a record)");
        }
    }

    /** The modality when {@code text} is just a media placeholder ({@code <image>} …), the form of a media response. */
    private static Optional<Modality> placeholderOnly(String text) {
        return switch (text == null ? "" : text.strip()) {
            case "<image>" -> Optional.of(Modality.IMAGE);
            case "<video>" -> Optional.of(Modality.VIDEO);
            case "<audio>" -> Optional.of(Modality.AUDIO);
            default -> Optional.empty();
        };
    }

    /**
     * A pair of media responses: chosen and rejected are the same placeholder, and the media list of
     * their kind holds the prompt's inputs then the chosen and the rejected file, or the inputs repeated
     * before each side's file (the fork's halves). A top-level {@code task} of {@code t23d} marks 3D renders.
     */
    private UnifiedRecord generationPair(
            JsonNode record,
            SharegptRanking.Record r,
            Placed placed,
            String criterion,
            Optional<Modality> chosenKind,
            Optional<Modality> rejectedKind,
            String source) {
        if (chosenKind.isEmpty() || !chosenKind.equals(rejectedKind)) {
            throw new RecordException(
                    SkipReason.INCONSISTENT,
                    "rejected",
                    "'chosen' and 'rejected' must both be the" + " same media placeholder (or both text)");
        }
        Modality m = chosenKind.get();
        SharegptRanking.Columns cols = SharegptRanking.Columns.defaults();
        for (Modality other : SharegptRanking.mediaModalities()) {
            if (other != m && (!r.media().get(other).isEmpty() || placed.count(other) > 0)) {
                throw new RecordException(
                        SkipReason.UNSUPPORTED,
                        cols.media(other),
                        "a pair of " + m.wireName() + " responses with " + other.wireName()
                                + " inputs is not supported");
            }
        }
        List<String> paths = r.media().get(m);
        int k = placed.count(m);
        boolean halves = halves(paths, k, m, cols);
        Path root = file.toAbsolutePath().getParent();
        String taskKey = StrictFields.optionalString(record, "task").orElse("");
        Task task = switch (m) {
            case IMAGE -> k > 0 ? Task.TI2I : taskKey.equalsIgnoreCase("t23d") ? Task.T23D : Task.T2I;
            case VIDEO -> Task.T2V;
            case AUDIO -> Task.T2A;
            default -> throw new IllegalStateException();
        };
        List<MediaRef> inputs = mediaFiles(paths.subList(0, k), m, cols.media(m));
        int c = halves ? k : paths.size() - 2;
        int rj = paths.size() - 1;
        Modality rm = task.responseModality();
        MediaRef chosen = media(root, paths.get(c), rm, cols.media(m) + "[" + c + "]");
        MediaRef rejected = media(root, paths.get(rj), rm, cols.media(m) + "[" + rj + "]");
        if (chosen.equals(rejected)) {
            throw new RecordException(
                    SkipReason.IDENTICAL_RESPONSES, cols.media(m), "both responses are the same file");
        }
        PreferencePair pair = new PreferencePair(
                source,
                task,
                Groups.ofPrompt(placed.prompt()),
                criterion,
                placed.prompt(),
                inputs,
                Response.media(chosen),
                Response.media(rejected),
                false,
                source);
        return new UnifiedRecord(pair, null, null, placed.turns());
    }

    /**
     * Whether the media list repeats the {@code k} inputs before each response's file (the fork's halves) rather
     * than listing them once; refuses any other layout, and inputs beside responses of another modality than image.
     */
    private static boolean halves(List<String> paths, int k, Modality m, SharegptRanking.Columns cols) {
        boolean halves = k > 0 && paths.size() == 2 * (k + 1);
        if (paths.size() != k + 2 && !halves) {
            throw new RecordException(
                    SkipReason.INCONSISTENT,
                    cols.media(m),
                    "expected the two responses' "
                            + m.wireName() + " files after the prompt's " + k + " input file" + (k == 1 ? "" : "s")
                            + " (" + (k + 2) + " paths"
                            + (k > 0 ? ", or " + 2 * (k + 1) + " with the inputs repeated per side" : "")
                            + ") but found " + paths.size());
        }
        if (halves && !paths.subList(0, k).equals(paths.subList(k + 1, 2 * k + 1))) {
            throw new RecordException(
                    SkipReason.INCONSISTENT,
                    cols.media(m),
                    "the two halves of '" + cols.media(m) + "' must start with the same input files");
        }
        if (k > 0 && m != Modality.IMAGE) {
            throw new RecordException(
                    SkipReason.UNSUPPORTED,
                    cols.media(m),
                    "a pair of " + m.wireName() + " responses with " + m.wireName()
                            + " inputs is not a task of the benchmark");
        }
        return halves;
    }

    private static boolean hasSystemTurn(JsonNode record) {
        JsonNode first = record.path("conversations").path(0).path("from");
        return first.isTextual() && first.asText().trim().equalsIgnoreCase("system");
    }

    private static Task taskOf(Modality input) {
        return switch (input) {
            case IMAGE -> Task.TI2T;
            case VIDEO -> Task.TV2T;
            case AUDIO -> Task.TA2T;
            default -> throw new IllegalArgumentException("no understanding task takes " + input.wireName());
        };
    }
}
