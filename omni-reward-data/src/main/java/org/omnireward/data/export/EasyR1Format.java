package org.omnireward.data.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.StableHash;
import org.omnireward.data.SkipReason;
import org.omnireward.data.Transcripts;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.read.MediaPlaceholders;
import org.omnireward.data.read.SharegptRanking.Role;
import org.omnireward.data.read.SharegptRanking.Turn;

/**
 * EasyR1 (verl) rows for training a generative judge with a verifiable reward: {@code problem} lays out
 * the criterion, the prompt and the two responses between section markers, with one {@code <image>} or
 * {@code <video>} placeholder where each medium goes (input media at the start of the user turn they
 * belong to, media responses inside their section); {@code answer} is the letter of the chosen response
 * ({@code A} or {@code B}, placed by a seeded hash of the pair id so both letters occur equally often), or
 * {@code C} for a tie; {@code images} or {@code videos} list the files in placeholder order, relative to
 * the export folder (EasyR1's {@code data.image_dir}), and only rows with media have the column.
 * Literal placeholders in the texts of such rows are escaped, since EasyR1 splits the problem on them.
 * Audio is refused: EasyR1's dataset reads images and videos only.
 */
final class EasyR1Format implements RecordFormat {

    private final long seed;

    EasyR1Format(long seed) {
        this.seed = seed;
    }

    @Override
    public Refusal refusal(UnifiedRecord r) {
        Task t = r.pair().task();
        boolean audio = t.inputMedia().filter(m -> m == Modality.AUDIO).isPresent()
                || !t.hasTextResponses() && t.responseModality() == Modality.AUDIO;
        return audio
                ? new Refusal(
                        SkipReason.UNSUPPORTED_MEDIA,
                        "task " + t.id() + " carries audio; EasyR1's dataset" + " reads images and videos only")
                : null;
    }

    @Override
    public Row write(UnifiedRecord placed) {
        PreferencePair p = placed.pair();
        boolean chosenFirst = !StableHash.bit(seed, "easyr1-order", p.id());
        Response a = chosenFirst ? p.chosen() : p.rejected();
        Response b = chosenFirst ? p.rejected() : p.chosen();
        Optional<String> column = mediaColumn(p.task());
        Escaper esc = new Escaper();
        java.util.function.UnaryOperator<String> text = column.isPresent() ? esc::text : s -> s;
        List<String> media = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        sb.append("You compare two responses to a prompt under a criterion. Think it through, then give your verdict"
                + " as \\boxed{A} if response A is better, \\boxed{B} if response B is better, or \\boxed{C} if they"
                + " are equally good under the criterion.\n\n");
        sb.append("[[CRITERION]]\n").append(text.apply(p.criteria())).append("\n[[END OF CRITERION]]\n\n");
        sb.append("[[PROMPT]]\n").append(prompt(placed, text, media)).append("\n[[END OF PROMPT]]\n\n");
        for (String letter : List.of("A", "B")) {
            Response r = letter.equals("A") ? a : b;
            sb.append("[[RESPONSE ").append(letter).append("]]\n");
            if (r.isText()) {
                sb.append(text.apply(r.requireText()));
            } else {
                MediaRef m = r.media().orElseThrow();
                sb.append(MediaPlaceholders.of(m.modality()));
                media.add(RecordFormat.path(m));
            }
            sb.append("\n[[END OF RESPONSE ").append(letter).append("]]\n\n");
        }
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("problem", sb.toString().strip());
        o.put("answer", p.tie() ? "C" : chosenFirst ? "A" : "B");
        column.ifPresent(c -> {
            ArrayNode arr = o.putArray(c);
            media.forEach(arr::add);
        });
        o.put("task", p.task().id());
        o.put("id", p.id());
        return new Row(o, false, esc.escaped());
    }

    /** The prompt text with each input medium's placeholder opening its user turn; adds the files to {@code media}. */
    private static String prompt(UnifiedRecord r, java.util.function.UnaryOperator<String> text, List<String> media) {
        PreferencePair p = r.pair();
        List<Turn> turns = Transcripts.turns(p.prompt());
        List<String> parts = new ArrayList<>();
        int user = -1;
        for (Turn t : turns) {
            StringBuilder s = new StringBuilder();
            if (turns.size() > 1) {
                s.append(t.role() == Role.USER ? "User: " : "Assistant: ");
            }
            if (t.role() == Role.USER) {
                user++;
                int n = 0;
                for (int i = 0; i < p.inputs().size(); i++) {
                    if (r.inputTurn(i) == user) {
                        s.append(MediaPlaceholders.of(p.inputs().get(i).modality()));
                        media.add(RecordFormat.path(p.inputs().get(i)));
                        n++;
                    }
                }
                if (n > 0) {
                    s.append('\n');
                }
            }
            parts.add(s.append(text.apply(t.text())).toString());
        }
        return String.join("\n\n", parts);
    }

    @Override
    public Optional<String> mediaColumn(Task task) {
        return RecordFormat.mediaColumnOf(task);
    }

    @Override
    public boolean jsonArray() {
        return false;
    }
}
