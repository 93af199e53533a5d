package org.omnireward.data.export;

import java.util.ArrayList;
import java.util.List;
import org.omnireward.data.Transcripts;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.read.SharegptRanking.Role;
import org.omnireward.data.read.SharegptRanking.Turn;

/**
 * A pair's prompt as the chat turns a trainer reads: turns of one role in a row merged into one (chat
 * formats want user and assistant turns to alternate), and for each input medium the user turn it
 * belongs to after that merge.
 *
 * @param turns the turns, alternating, starting and ending with a user turn
 * @param inputTurns per input medium (in the record's order), the index of its user turn among the
 *     user turns of {@code turns}
 * @param merged whether turns were merged
 */
record ChatPrompt(List<Turn> turns, List<Integer> inputTurns, boolean merged) {

    static ChatPrompt of(UnifiedRecord r) {
        List<Turn> raw = Transcripts.turns(r.pair().prompt());
        List<Turn> turns = new ArrayList<>();
        List<Integer> userIndex = new ArrayList<>(); // raw user turn -> merged user turn
        int users = -1;
        boolean merged = false;
        for (Turn t : raw) {
            Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.role() == t.role()) {
                turns.set(turns.size() - 1, new Turn(t.role(), last.text() + "\n\n" + t.text()));
                merged = true;
            } else {
                turns.add(t);
                if (t.role() == Role.USER) {
                    users++;
                }
            }
            if (t.role() == Role.USER) {
                userIndex.add(users);
            }
        }
        List<Integer> inputs = new ArrayList<>();
        for (int i = 0; i < r.pair().inputs().size(); i++) {
            inputs.add(userIndex.get(r.inputTurn(i)));
        }
        return new ChatPrompt(List.copyOf(turns), List.copyOf(inputs), merged);
    }

    /** The input media indices in the order their placeholders appear: by user turn, then record order. */
    List<Integer> inputOrder() {
        List<Integer> order = new ArrayList<>();
        for (int u = 0;
                u <= inputTurns.stream().mapToInt(Integer::intValue).max().orElse(-1);
                u++) {
            order.addAll(inputsOfUserTurn(u));
        }
        return order;
    }

    /** The input media indices that belong to user turn {@code u}, in record order. */
    List<Integer> inputsOfUserTurn(int u) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < inputTurns.size(); i++) {
            if (inputTurns.get(i) == u) {
                out.add(i);
            }
        }
        return out;
    }
}
