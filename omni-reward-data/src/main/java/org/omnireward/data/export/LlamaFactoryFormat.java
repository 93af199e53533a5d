package org.omnireward.data.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.SkipReason;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.read.MediaPlaceholders;
import org.omnireward.data.read.SharegptRanking.Role;
import org.omnireward.data.read.SharegptRanking.Turn;

/**
 * LLaMA-Factory sharegpt ranking rows ({@code stage: rm} and DPO): the criterion as {@code system}, the
 * prompt's turns as {@code conversations} ({@code human}/{@code gpt}, alternating), {@code chosen} and
 * {@code rejected} as {@code gpt} turns, and one media column. Each input medium's placeholder opens the
 * human turn it belongs to (followed by a line break), in the order the column lists the files, which is
 * how LLaMA-Factory pairs placeholders with files; literal placeholders in texts are escaped so that no
 * template counts them.
 *
 * <p>Pairs of media responses exist only in the {@link LlamaFactoryFlavor#OMNIREWARD_FACTORY} flavor:
 * both responses are the same placeholder and the column lists {@code [chosen, rejected]}, or
 * {@code [inputs…, chosen, inputs…, rejected]} when the prompt has inputs (the fork's processor splits a
 * longer list in halves when the responses are equal). Ties are never written.
 */
final class LlamaFactoryFormat implements RecordFormat {

    private final LlamaFactoryFlavor flavor;

    LlamaFactoryFormat(LlamaFactoryFlavor flavor) {
        this.flavor = flavor;
    }

    @Override
    public Refusal refusal(UnifiedRecord r) {
        PreferencePair p = r.pair();
        if (p.tie()) {
            return new Refusal(SkipReason.TIE, "a tie has no chosen response; ranking data holds decisive pairs only");
        }
        if (!p.task().hasTextResponses() && flavor == LlamaFactoryFlavor.UPSTREAM) {
            return new Refusal(
                    SkipReason.MEDIA_RESPONSES,
                    "task " + p.task().id() + " has "
                            + p.task().responseModality().wireName()
                            + " responses: upstream LLaMA-Factory gives both sides the whole"
                            + " media list, so each side cannot have its own file; export with --flavor omnireward-factory");
        }
        if (p.task().hasTextResponses() && p.inputs().size() == 2 && flavor == LlamaFactoryFlavor.OMNIREWARD_FACTORY) {
            return new Refusal(
                    SkipReason.UNSUPPORTED,
                    "two input files: OmniReward-Factory's pairwise processor gives"
                            + " a two-file list one file per side; export with --flavor upstream");
        }
        return null;
    }

    @Override
    public Row write(UnifiedRecord placed) {
        PreferencePair p = placed.pair();
        ChatPrompt chat = ChatPrompt.of(placed);
        Escaper esc = new Escaper();
        ObjectNode o = Json.mapper().createObjectNode();
        ArrayNode conv = o.putArray("conversations");
        int user = -1;
        for (Turn t : chat.turns()) {
            String value = esc.text(t.text());
            if (t.role() == Role.USER) {
                user++;
                int n = chat.inputsOfUserTurn(user).size();
                if (n > 0) {
                    value = p.task()
                                    .inputMedia()
                                    .map(MediaPlaceholders::of)
                                    .orElseThrow()
                                    .repeat(n) + "\n" + value;
                }
            }
            conv.addObject()
                    .put("from", t.role() == Role.USER ? "human" : "gpt")
                    .put("value", value);
        }
        o.putObject("chosen").put("from", "gpt").put("value", response(p.chosen(), esc));
        o.putObject("rejected").put("from", "gpt").put("value", response(p.rejected(), esc));
        o.put("system", esc.text(p.criteria()));
        mediaColumn(p.task()).ifPresent(col -> {
            ArrayNode a = o.putArray(col);
            List<Integer> order = chat.inputOrder();
            if (p.task().hasTextResponses()) {
                order.forEach(i -> a.add(RecordFormat.path(p.inputs().get(i))));
            } else {
                for (Response side : List.of(p.chosen(), p.rejected())) {
                    order.forEach(i -> a.add(RecordFormat.path(p.inputs().get(i))));
                    a.add(RecordFormat.path(side.media().orElseThrow()));
                }
            }
        });
        if (p.task() == Task.T23D) {
            o.put("task", p.task().id());
        }
        return new Row(o, chat.merged(), esc.escaped());
    }

    private static String response(Response r, Escaper esc) {
        return r.isText() ? esc.text(r.requireText()) : MediaPlaceholders.of(r.modality());
    }

    @Override
    public Optional<String> mediaColumn(Task task) {
        return RecordFormat.mediaColumnOf(task);
    }

    @Override
    public boolean jsonArray() {
        return true;
    }
}
