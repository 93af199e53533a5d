package org.omnireward.data.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.SkipReason;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.read.SharegptRanking.Role;
import org.omnireward.data.read.SharegptRanking.Turn;

/**
 * TRL conversational preference rows: {@code prompt} = the criterion as a system message and the
 * prompt's turns (alternating), {@code chosen}/{@code rejected} = one assistant message each. Text rows
 * have string contents and no {@code images} column, so DPO and Reward trainers take them with a
 * text-only model. Image rows (ti2t) follow TRL's vision format: every message's content is a list of
 * parts, each input image an {@code {"type": "image"}} part opening the user message it belongs to, and
 * {@code images} lists the files (relative to the export folder) in part order; a trainer loads them as
 * images (docs/data-tooling.md gives the lines). Texts are written byte for byte; only in image rows are
 * literal placeholders escaped, since image processors count them. Ties, media responses and video or
 * audio inputs are not written: TRL's preference trainers take decisive text completions and images.
 */
final class TrlFormat implements RecordFormat {

    @Override
    public Refusal refusal(UnifiedRecord r) {
        PreferencePair p = r.pair();
        if (p.tie()) {
            return new Refusal(
                    SkipReason.TIE, "a tie has no chosen response; TRL preference data holds decisive pairs" + " only");
        }
        if (!p.task().hasTextResponses()) {
            return new Refusal(
                    SkipReason.MEDIA_RESPONSES,
                    "task " + p.task().id() + " has "
                            + p.task().responseModality().wireName()
                            + " responses; TRL's preference trainers take text completions");
        }
        if (p.task().inputMedia().filter(m -> m != Modality.IMAGE).isPresent()) {
            return new Refusal(
                    SkipReason.UNSUPPORTED_MEDIA,
                    "task " + p.task().id() + ": TRL's preference trainers" + " read images only, not "
                            + p.task().inputMedia().orElseThrow().wireName());
        }
        return null;
    }

    @Override
    public Row write(UnifiedRecord placed) {
        PreferencePair p = placed.pair();
        ChatPrompt chat = ChatPrompt.of(placed);
        boolean vision = p.task() == Task.TI2T;
        Escaper esc = new Escaper();
        ObjectNode o = Json.mapper().createObjectNode();
        ArrayNode prompt = o.putArray("prompt");
        content(prompt.addObject().put("role", "system"), p.criteria(), 0, vision, esc);
        int user = -1;
        for (Turn t : chat.turns()) {
            ObjectNode m = prompt.addObject().put("role", t.role() == Role.USER ? "user" : "assistant");
            int images = 0;
            if (t.role() == Role.USER) {
                user++;
                images = chat.inputsOfUserTurn(user).size();
            }
            content(m, t.text(), images, vision, esc);
        }
        content(
                o.putArray("chosen").addObject().put("role", "assistant"),
                p.chosen().requireText(),
                0,
                vision,
                esc);
        content(
                o.putArray("rejected").addObject().put("role", "assistant"),
                p.rejected().requireText(),
                0,
                vision,
                esc);
        if (vision) {
            ArrayNode images = o.putArray("images");
            chat.inputOrder()
                    .forEach(i -> images.add(RecordFormat.path(p.inputs().get(i))));
        }
        return new Row(o, chat.merged(), esc.escaped());
    }

    /** A message's content: the text as it is, or (in image rows) image parts then one text part. */
    private static void content(ObjectNode message, String text, int images, boolean vision, Escaper esc) {
        if (!vision) {
            message.put("content", text);
            return;
        }
        ArrayNode parts = message.putArray("content");
        for (int i = 0; i < images; i++) {
            parts.addObject().put("type", "image");
        }
        parts.addObject().put("type", "text").put("text", esc.text(text));
    }

    @Override
    public Optional<String> mediaColumn(Task task) {
        return task == Task.TI2T ? Optional.of("images") : Optional.empty();
    }

    @Override
    public boolean jsonArray() {
        return false;
    }
}
