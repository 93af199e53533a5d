package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.data.read.RecordFields;
import org.omnireward.data.read.SharegptRanking;

/**
 * Reads LLaMA-Factory sharegpt ranking data (a JSON array, or JSON Lines) with the shared
 * {@link SharegptRanking} parser (the benchmark's LLaMA-Factory layout uses the same one):
 * {@code conversations} (a list of {@code {from, value}} turns ending with a human turn),
 * {@code chosen} and {@code rejected} (each {@code {from: gpt, value}} or a plain string). A leading
 * system turn (or a top-level {@code system} string) is the criterion, otherwise
 * {@link Criteria#GENERAL}. Several turns become a transcript prompt.
 *
 * <p>Records listing input media ({@code images}, {@code videos} or {@code audios}, one kind per
 * record) become ti2t, tv2t or ta2t pairs: the {@code <image>}/{@code <video>}/{@code <audio>}
 * placeholders are removed from the prompt and the paths resolve against the file's folder with
 * {@link MediaRef#underRoot} (never outside it) and must exist. Records mixing kinds, and tool
 * turns, are skipped as {@link SkipReason#UNSUPPORTED}.
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
    void map(JsonRecords.RecordRef ref, JsonNode record, PairSink sink) {
        RecordFields f = JsonFields.of(record);
        SharegptRanking.Columns cols = SharegptRanking.Columns.defaults();
        String system = f.optionalStrictString("system");
        SharegptRanking.Record r = SharegptRanking.parse(f, cols, SharegptRanking.Tags.defaults());
        for (int i = 0; i < r.turns().size(); i++) {
            if (r.turns().get(i).text().isBlank()) {
                throw new RecordException(SkipReason.EMPTY_TEXT, cols.messages() + "[" + (i + (hasSystemTurn(record)
                        ? 1 : 0)) + "].value", "the turn's text is blank");
            }
        }
        String criterion = r.criterion() != null && !r.criterion().isBlank() ? r.criterion()
                : system != null && !system.isBlank() ? system : Criteria.GENERAL;
        Optional<Modality> generated = placeholderOnly(r.chosen());
        if (generated.isPresent() || placeholderOnly(r.rejected()).isPresent()) {
            sink.pair(generationPair(ref, record, r, criterion, generated, placeholderOnly(r.rejected())));
            return;
        }
        Task task = Task.T2T;
        List<MediaRef> inputs = new ArrayList<>();
        for (Map.Entry<Modality, List<String>> e : r.media().entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            if (!inputs.isEmpty()) {
                throw new RecordException(SkipReason.UNSUPPORTED, cols.media(e.getKey()), "the record lists "
                        + task.inputMedia().orElseThrow().wireName() + " and " + e.getKey().wireName()
                        + " inputs; one kind of input media per record is supported");
            }
            task = taskOf(e.getKey());
            Path root = file.toAbsolutePath().getParent();
            for (int i = 0; i < e.getValue().size(); i++) {
                inputs.add(media(root, e.getValue().get(i), e.getKey(), cols.media(e.getKey()) + "[" + i + "]"));
            }
        }
        requireDistinctTexts("chosen", r.chosen(), "rejected", r.rejected());
        String prompt = inputs.isEmpty() ? SharegptRanking.render(r.turns(), false) : r.prompt();
        if (task == Task.T2T) {
            sink.pair(textPair(sourceOf(ref), criterion, prompt, r.chosen(), r.rejected(), false));
            return;
        }
        String source = sourceOf(ref);
        sink.pair(new PreferencePair(source, task, Groups.ofPrompt(prompt), criterion, prompt, inputs,
                Response.text(r.chosen()), Response.text(r.rejected()), false, source));
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
     * A pair with media responses (as {@code data export --to llamafactory} writes them): chosen and
     * rejected are placeholders, and the media list of their kind holds the input media first, then
     * the chosen and the rejected response. A top-level {@code task} of {@code t23d} marks 3D renders.
     */
    private PreferencePair generationPair(JsonRecords.RecordRef ref, JsonNode record, SharegptRanking.Record r,
            String criterion, Optional<Modality> chosenKind, Optional<Modality> rejectedKind) {
        if (chosenKind.isEmpty() || !chosenKind.equals(rejectedKind)) {
            throw new RecordException(SkipReason.INCONSISTENT, "rejected", "'chosen' and 'rejected' must both be the"
                    + " same media placeholder (or both text)");
        }
        Modality m = chosenKind.get();
        SharegptRanking.Columns cols = SharegptRanking.Columns.defaults();
        for (Map.Entry<Modality, List<String>> e : r.media().entrySet()) {
            if (e.getKey() != m && !e.getValue().isEmpty()) {
                throw new RecordException(SkipReason.UNSUPPORTED, cols.media(e.getKey()), "a pair of "
                        + m.wireName() + " responses with " + e.getKey().wireName() + " inputs is not supported");
            }
        }
        List<String> paths = r.media().getOrDefault(m, List.of());
        if (paths.size() < 2 || paths.size() > 3 || paths.size() == 3 && m != Modality.IMAGE) {
            throw new RecordException(SkipReason.INVALID_VALUE, cols.media(m), "expected the two responses' "
                    + m.wireName() + " files (after one input image for an edit) but found " + paths.size() + " paths");
        }
        Path root = file.toAbsolutePath().getParent();
        List<MediaRef> all = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            all.add(media(root, paths.get(i), m, cols.media(m) + "[" + i + "]"));
        }
        String taskKey = JsonFields.optionalString(record, "task").orElse("");
        Task task = switch (m) {
            case IMAGE -> paths.size() == 3 ? Task.TI2I : taskKey.equalsIgnoreCase("t23d") ? Task.T23D : Task.T2I;
            case VIDEO -> Task.T2V;
            case AUDIO -> Task.T2A;
            default -> throw new IllegalStateException();
        };
        Modality rm = task.responseModality();
        MediaRef chosen = all.get(all.size() - 2);
        MediaRef rejected = all.get(all.size() - 1);
        if (chosen.equals(rejected)) {
            throw new RecordException(SkipReason.IDENTICAL_RESPONSES, cols.media(m), "both responses are the same file");
        }
        if (rm != m) {
            chosen = media(root, paths.get(paths.size() - 2), rm, cols.media(m) + "[" + (paths.size() - 2) + "]");
            rejected = media(root, paths.get(paths.size() - 1), rm, cols.media(m) + "[" + (paths.size() - 1) + "]");
        }
        String prompt = r.prompt();
        if (prompt.isBlank()) {
            throw new RecordException(SkipReason.EMPTY_TEXT, cols.messages(), "the prompt is blank");
        }
        String source = sourceOf(ref);
        return new PreferencePair(source, task, Groups.ofPrompt(prompt), criterion, prompt,
                all.subList(0, all.size() - 2), Response.media(chosen), Response.media(rejected), false, source);
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
