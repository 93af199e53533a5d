package org.omnireward.data.sets.llamafactory;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.omnireward.data.Criteria;
import org.omnireward.data.JsonFileSource;
import org.omnireward.data.PairSink;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.RecordException;
import org.omnireward.data.SkipReason;
import org.omnireward.data.StrictFields;
import org.omnireward.data.read.JsonRecordReader;
import org.omnireward.data.read.SharegptRanking;

/**
 * Reads {@code chosen_messages}/{@code rejected_messages} records (JSON Lines, or a JSON array) as
 * LLaMA-Factory v1 writes them: two full chats, each a list of {@code {role, content}} where content
 * is a string or a list of {@code {type: "text", value}} parts. The two chats must agree on every turn
 * but the last; the shared turns are the prompt, the last assistant turn of each is the chosen and
 * the rejected answer, and a leading system turn is the criterion ({@link Criteria#GENERAL} when
 * there is none). Non-text content parts are skipped as {@link SkipReason#UNSUPPORTED}.
 */
public final class ChosenMessagesReader extends JsonFileSource {

    private record Message(String role, String text) {}

    public ChosenMessagesReader(Path file) {
        super(file);
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.CHOSEN_MESSAGES;
    }

    @Override
    protected void map(RecordRef ref, JsonNode record, PairSink sink) {
        List<Message> chosen = messages(record, "chosen_messages");
        List<Message> rejected = messages(record, "rejected_messages");
        requireSharedTurns(chosen, rejected);
        int last = chosen.size() - 1;
        Message lastChosen = answer(chosen, "chosen_messages");
        Message lastRejected = answer(rejected, "rejected_messages");
        Prompt prompt = prompt(chosen.subList(0, last));
        requireDistinctTexts(
                "chosen_messages[" + last + "]",
                lastChosen.text(),
                "rejected_messages[" + last + "]",
                lastRejected.text());
        sink.pair(textPair(
                sourceOf(ref),
                prompt.criterion(),
                SharegptRanking.render(prompt.turns(), false),
                lastChosen.text(),
                lastRejected.text(),
                false));
    }

    /** Refuses two chats that differ before their last turn. */
    private static void requireSharedTurns(List<Message> chosen, List<Message> rejected) {
        if (chosen.size() != rejected.size()) {
            throw new RecordException(
                    SkipReason.INCONSISTENT,
                    "rejected_messages",
                    "chosen_messages has "
                            + chosen.size() + " turns but rejected_messages has " + rejected.size()
                            + "; they must share every turn but the last");
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
            if (!chosen.get(i).equals(rejected.get(i))) {
                throw new RecordException(
                        SkipReason.INCONSISTENT,
                        "rejected_messages[" + i + "]",
                        "chosen_messages and rejected_messages differ at turn " + i
                                + "; they must share every turn but the last");
            }
        }
    }

    /** The last turn of a chat, which must be the assistant's answer. */
    private static Message answer(List<Message> chat, String field) {
        int last = chat.size() - 1;
        Message m = chat.get(last);
        if (!m.role().equals("assistant")) {
            throw new RecordException(
                    SkipReason.INVALID_VALUE,
                    field + "[" + last + "].role",
                    "the last turn must be the assistant's answer but is '" + m.role() + "'");
        }
        return m;
    }

    /** The criterion (a leading system turn, else {@link Criteria#GENERAL}) and the prompt's other turns. */
    private record Prompt(String criterion, List<SharegptRanking.Turn> turns) {}

    /** The turns before the answers: a system turn only first, no blank turn, the last one the user's. */
    private static Prompt prompt(List<Message> before) {
        String criterion = Criteria.GENERAL;
        List<SharegptRanking.Turn> turns = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            Message m = before.get(i);
            String field = "chosen_messages[" + i + "]";
            switch (m.role()) {
                case "system" -> {
                    if (i != 0) {
                        throw new RecordException(
                                SkipReason.INVALID_VALUE, field + ".role", "a system turn is only allowed first");
                    }
                    if (!m.text().isBlank()) {
                        criterion = m.text();
                    }
                }
                case "user", "assistant" -> {
                    if (m.text().isBlank()) {
                        throw new RecordException(
                                SkipReason.EMPTY_TEXT, field + ".content", "the turn's text is blank");
                    }
                    turns.add(new SharegptRanking.Turn(
                            m.role().equals("user") ? SharegptRanking.Role.USER : SharegptRanking.Role.ASSISTANT,
                            m.text()));
                }
                default ->
                    throw new RecordException(
                            SkipReason.UNSUPPORTED,
                            field + ".role",
                            "role '" + m.role() + "' is not supported; expected system, user or assistant");
            }
        }
        if (turns.isEmpty() || turns.get(turns.size() - 1).role() != SharegptRanking.Role.USER) {
            throw new RecordException(
                    SkipReason.INVALID_VALUE,
                    "chosen_messages",
                    "the turns before the answers must end with a user turn");
        }
        return new Prompt(criterion, turns);
    }

    private static List<Message> messages(JsonNode record, String field) {
        JsonNode list = StrictFields.array(record, field);
        if (list.isEmpty()) {
            throw new RecordException(SkipReason.INVALID_VALUE, field, "'" + field + "' is empty");
        }
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String path = field + "[" + i + "]";
            if (!m.isObject()) {
                throw new RecordException(
                        SkipReason.WRONG_TYPE,
                        path,
                        "expected a {role, content} object but found " + JsonRecordReader.typeName(m));
            }
            String role = SharegptRanking.roleName(StrictFields.string(m, "role", path + ".role"));
            out.add(new Message(role, content(m, path + ".content")));
        }
        return out;
    }

    private static String content(JsonNode message, String path) {
        JsonNode c = message.get("content");
        if (c == null || c.isNull()) {
            throw new RecordException(SkipReason.MISSING_FIELD, path, "required field '" + path + "' is missing");
        }
        if (c.isTextual()) {
            return c.asText();
        }
        if (!c.isArray()) {
            throw new RecordException(
                    SkipReason.WRONG_TYPE,
                    path,
                    "expected a string or a list of {type, value} parts" + " but found "
                            + JsonRecordReader.typeName(c));
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < c.size(); j++) {
            JsonNode part = c.get(j);
            String partPath = path + "[" + j + "]";
            if (!part.isObject()) {
                throw new RecordException(
                        SkipReason.WRONG_TYPE,
                        partPath,
                        "expected a {type, value} object but found " + JsonRecordReader.typeName(part));
            }
            String type = StrictFields.string(part, "type", partPath + ".type");
            if (!type.equals("text")) {
                throw new RecordException(
                        SkipReason.UNSUPPORTED,
                        partPath + ".type",
                        "content of type '" + type + "' is not supported; only text parts are read");
            }
            String value = StrictFields.string(part, "value", partPath + ".value");
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(value);
        }
        return text.toString();
    }
}
