package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.omnireward.data.read.SharegptRanking;
import org.omnireward.data.read.SharegptRanking.Role;
import org.omnireward.data.read.SharegptRanking.Turn;

/**
 * Reads Anthropic HH-RLHF files ({@code .jsonl} or {@code .jsonl.gz}): each record holds two
 * transcripts, {@code chosen} and {@code rejected}, written as {@code \n\nHuman: …\n\nAssistant: …}
 * turns. Both must agree on every turn before their last {@code Assistant:} turn; that shared part is
 * the prompt (one human turn as it is, several as a {@code User: …\n\nAssistant: …} transcript) and the
 * two last assistant turns are the responses. Criterion: {@link Criteria#GENERAL}.
 */
public final class HhRlhfReader extends JsonFileSource {

    private static final Pattern MARKER = Pattern.compile("(?:\\A\\s*|\\n\\n)(Human|Assistant):[ \\t]?");

    public HhRlhfReader(Path file) {
        super(file);
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.HH_RLHF;
    }

    @Override
    void map(JsonRecords.RecordRef ref, JsonNode record, PairSink sink) {
        String chosenText = JsonFields.nonBlank(record, "chosen");
        String rejectedText = JsonFields.nonBlank(record, "rejected");
        List<Turn> chosen = turns(chosenText, "chosen");
        List<Turn> rejected = turns(rejectedText, "rejected");
        if (chosen.size() != rejected.size()) {
            throw new RecordException(
                    SkipReason.INCONSISTENT,
                    "",
                    "'chosen' has " + chosen.size() + " turns and 'rejected' " + rejected.size()
                            + "; both must share every turn but the last");
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
            if (!chosen.get(i).equals(rejected.get(i))) {
                throw new RecordException(
                        SkipReason.INCONSISTENT,
                        "",
                        "'chosen' and 'rejected' differ at turn " + (i + 1) + " of " + chosen.size()
                                + "; only the last (assistant) turn may differ");
            }
        }
        String c = chosen.get(chosen.size() - 1).text().strip();
        String r = rejected.get(rejected.size() - 1).text().strip();
        requireDistinctTexts("chosen", c, "rejected", r);
        List<Turn> prompt = chosen.subList(0, chosen.size() - 1);
        sink.pair(textPair(
                sourceOf(ref), Criteria.GENERAL, SharegptRanking.render(stripped(prompt), false), c, r, false));
    }

    /** The turns of a transcript; the last must be an assistant turn and there must be a human turn before it. */
    static List<Turn> turns(String transcript, String field) {
        Matcher m = MARKER.matcher(transcript);
        List<Turn> out = new ArrayList<>();
        int textStart = -1;
        Role role = null;
        while (m.find()) {
            if (role == null) {
                if (!transcript.substring(0, m.start()).isBlank()) {
                    throw new RecordException(
                            SkipReason.INVALID_VALUE, field, "the transcript does not start with" + " 'Human:'");
                }
            } else {
                out.add(new Turn(role, transcript.substring(textStart, m.start())));
            }
            role = m.group(1).equals("Human") ? Role.USER : Role.ASSISTANT;
            textStart = m.end();
        }
        if (role == null) {
            throw new RecordException(
                    SkipReason.INVALID_VALUE,
                    field,
                    "no 'Human:'/'Assistant:' turns found; expected"
                            + " a transcript \\n\\nHuman: …\\n\\nAssistant: …");
        }
        out.add(new Turn(role, transcript.substring(textStart)));
        if (out.get(out.size() - 1).role() != Role.ASSISTANT) {
            throw new RecordException(
                    SkipReason.INVALID_VALUE,
                    field,
                    "the transcript ends with a Human turn; expected"
                            + " it to end with the Assistant turn being compared");
        }
        if (out.size() < 2 || out.get(0).role() != Role.USER) {
            throw new RecordException(
                    SkipReason.INVALID_VALUE,
                    field,
                    "the transcript has no Human turn before the" + " last Assistant turn");
        }
        return out;
    }

    private static List<Turn> stripped(List<Turn> turns) {
        List<Turn> out = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            if (t.text().isBlank()) {
                throw new RecordException(
                        SkipReason.EMPTY_TEXT, "chosen", "turn " + (i + 1) + " of the shared prompt is" + " blank");
            }
            out.add(new Turn(t.role(), t.text().strip()));
        }
        return out;
    }
}
