package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    void map(JsonRecords.RecordRef ref, JsonNode record, PairSink sink) {
        List<Message> chosen = messages(record, "chosen_messages");
        List<Message> rejected = messages(record, "rejected_messages");
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
        Message lastChosen = chosen.get(chosen.size() - 1);
        Message lastRejected = rejected.get(rejected.size() - 1);
        int last = chosen.size() - 1;
        if (!lastChosen.role().equals("assistant")) {
            throw new RecordException(
                    SkipReason.INVALID_VALUE,
                    "chosen_messages[" + last + "].role",
                    "the last turn must be the assistant's answer but is '" + lastChosen.role() + "'");
        }
        if (!lastRejected.role().equals("assistant")) {
            throw new RecordException(
                    SkipReason.INVALID_VALUE,
                    "rejected_messages[" + last + "].role",
                    "the last turn must be the assistant's answer but is '" + lastRejected.role() + "'");
        }
        String criterion = Criteria.GENERAL;
        List<SharegptRanking.Turn> turns = new ArrayList<>();
        for (int i = 0; i < last; i++) {
            Message m = chosen.get(i);
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
        requireDistinctTexts(
                "chosen_messages[" + last + "]",
                lastChosen.text(),
                "rejected_messages[" + last + "]",
                lastRejected.text());
        sink.pair(textPair(
                sourceOf(ref),
                criterion,
                SharegptRanking.render(turns, false),
                lastChosen.text(),
                lastRejected.text(),
                false));
    }

    private static List<Message> messages(JsonNode record, String field) {
        JsonNode list = JsonFields.array(record, field);
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
                        "expected a {role, content} object but found " + JsonRecords.typeName(m));
            }
            String role = SharegptRanking.roleName(JsonFields.string(m, "role", path + ".role"));
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
                    "expected a string or a list of {type, value} parts" + " but found " + JsonRecords.typeName(c));
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < c.size(); j++) {
            JsonNode part = c.get(j);
            String partPath = path + "[" + j + "]";
            if (!part.isObject()) {
                throw new RecordException(
                        SkipReason.WRONG_TYPE,
                        partPath,
                        "expected a {type, value} object but found " + JsonRecords.typeName(part));
            }
            String type = JsonFields.string(part, "type", partPath + ".type");
            if (!type.equals("text")) {
                throw new RecordException(
                        SkipReason.UNSUPPORTED,
                        partPath + ".type",
                        "content of type '" + type + "' is not supported; only text parts are read");
            }
            String value = JsonFields.string(part, "value", partPath + ".value");
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(value);
        }
        return text.toString();
    }
}
