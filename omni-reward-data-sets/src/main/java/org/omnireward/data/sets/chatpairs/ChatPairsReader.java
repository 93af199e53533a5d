package org.omnireward.data.sets.chatpairs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.omnireward.data.read.JsonRecordReader;
import org.omnireward.data.read.MediaPlaceholders;
import org.omnireward.data.read.SharegptRanking;
import org.omnireward.data.read.SharegptRanking.Role;
import org.omnireward.data.read.SharegptRanking.Turn;

/**
 * Reads prompt/chosen/rejected pairs as the common public sets write them: {@code prompt} (a string,
 * a list of {@code {role, content}} messages, or absent) and {@code chosen}/{@code rejected}, each a
 * string or a list of messages. Covered: UltraFeedback-binarized ({@code prompt} string, chosen and
 * rejected full chats starting with the prompt, {@code score_chosen}/{@code score_rejected}),
 * Skywork-Reward-Preference (no {@code prompt}: chosen and rejected full chats sharing every message
 * but the last), and TRL's preference sets (standard: strings; conversational: the prompt messages
 * and one assistant message each, or an implicit prompt).
 *
 * <p>{@code content} is a string or a list of parts whose text parts ({@code {type: text, text|value}})
 * are joined ({@code {type: image}} parts mark where the record's {@code images} go: TRL's vision
 * preference data, read as ti2t pairs with the paths resolved under the file's folder). A system
 * message is the criterion (else {@link Criteria#GENERAL}); a record whose
 * scores are equal is a tie.
 */
public final class ChatPairsReader extends JsonFileSource {

    public ChatPairsReader(Path file) {
        super(file);
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.CHAT_PAIRS;
    }

    /** One message with its role, and how many image parts its content holds. */
    record Message(Role role, String text, int images) {

        Message(Role role, String text) {
            this(role, text, 0);
        }
    }

    @Override
    protected void map(RecordRef ref, JsonNode record, PairSink sink) {
        Chat chat = chat(record);
        Prompt prompt = prompt(chat.prompt());
        String c = single(chat.chosen(), "chosen");
        String r = single(chat.rejected(), "rejected");
        if (chat.chosen().get(0).images() + chat.rejected().get(0).images() > 0) {
            throw new RecordException(
                    SkipReason.UNSUPPORTED,
                    chat.chosen().get(0).images() > 0 ? "chosen" : "rejected",
                    "an image part in a response is not supported");
        }
        requireDistinctTexts("chosen", c, "rejected", r);
        boolean tie = tie(record);
        String source = sourceOf(ref);
        String promptText = SharegptRanking.render(prompt.turns(), false);
        List<MediaRef> images = images(record);
        List<Integer> imageTurns = imageTurns(chat.prompt(), images.size());
        if (images.isEmpty()) {
            sink.pair(textPair(source, prompt.criterion(), promptText, c, r, tie));
            return;
        }
        PreferencePair pair = new PreferencePair(
                source,
                Task.TI2T,
                Groups.ofPrompt(promptText),
                prompt.criterion(),
                promptText,
                images,
                Response.text(c),
                Response.text(r),
                tie,
                source);
        RecordSink.send(sink, new UnifiedRecord(pair, null, null, imageTurns));
    }

    /** A record's prompt messages and the messages of each response after them. */
    private record Chat(List<Message> prompt, List<Message> chosen, List<Message> rejected) {}

    private static Chat chat(JsonNode record) {
        JsonNode promptNode = record.get("prompt");
        JsonNode chosenNode = required(record, "chosen");
        JsonNode rejectedNode = required(record, "rejected");
        if (promptNode == null || promptNode.isNull()) {
            return implicitPrompt(chosenNode, rejectedNode);
        }
        List<Message> prompt = promptNode.isTextual()
                ? List.of(new Message(Role.USER, promptNode.asText()))
                : messages(promptNode, "prompt");
        return new Chat(prompt, completion(chosenNode, "chosen", prompt), completion(rejectedNode, "rejected", prompt));
    }

    /** Without a {@code prompt}: two full chats that share every message but the last, the shared ones the prompt. */
    private static Chat implicitPrompt(JsonNode chosenNode, JsonNode rejectedNode) {
        if (!chosenNode.isArray() || !rejectedNode.isArray()) {
            throw new RecordException(
                    SkipReason.MISSING_FIELD,
                    "prompt",
                    "field 'prompt' is missing; without it"
                            + " 'chosen' and 'rejected' must be full chats (lists of messages) that share their prompt");
        }
        List<Message> c = messages(chosenNode, "chosen");
        List<Message> r = messages(rejectedNode, "rejected");
        int shared = 0;
        while (shared < c.size() - 1 && shared < r.size() - 1 && c.get(shared).equals(r.get(shared))) {
            shared++;
        }
        if (shared != c.size() - 1 || shared != r.size() - 1) {
            throw new RecordException(
                    SkipReason.INCONSISTENT,
                    "",
                    "'chosen' (" + c.size() + " messages) and"
                            + " 'rejected' (" + r.size()
                            + ") must agree on every message but the last; they differ at"
                            + " message " + (shared + 1));
        }
        return new Chat(c.subList(0, shared), c.subList(shared, c.size()), r.subList(shared, r.size()));
    }

    /** The criterion (a leading system message, else {@link Criteria#GENERAL}) and the prompt's other turns. */
    private record Prompt(String criterion, List<Turn> turns) {}

    /** The prompt's criterion and turns: no blank turn, images only in user turns, the last turn the user's. */
    private static Prompt prompt(List<Message> prompt) {
        String criterion = Criteria.GENERAL;
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < prompt.size(); i++) {
            Message m = prompt.get(i);
            if (m.role() == Role.SYSTEM) {
                if (i != 0) {
                    throw new RecordException(
                            SkipReason.UNSUPPORTED,
                            "prompt",
                            "a system message after the first" + " message is not supported");
                }
                if (!m.text().isBlank()) {
                    criterion = m.text();
                }
                continue;
            }
            if (m.text().isBlank()) {
                throw new RecordException(SkipReason.EMPTY_TEXT, "prompt", "prompt message " + (i + 1) + " is blank");
            }
            if (m.images() > 0 && m.role() != Role.USER) {
                throw new RecordException(
                        SkipReason.UNSUPPORTED,
                        "prompt",
                        "image parts in a " + m.role().name().toLowerCase(Locale.ROOT) + " message are not supported");
            }
            turns.add(new Turn(m.role(), m.text()));
        }
        if (turns.isEmpty() || turns.get(turns.size() - 1).role() != Role.USER) {
            throw new RecordException(
                    SkipReason.INVALID_VALUE,
                    "prompt",
                    turns.isEmpty() ? "the prompt is empty" : "the prompt must end with a user message");
        }
        return new Prompt(criterion, turns);
    }

    /**
     * The user turn each image belongs to: in the order of the prompt's image parts, or all to the first
     * user message when the prompt has none (TRL's rule for string contents). Refuses a count mismatch.
     */
    private static List<Integer> imageTurns(List<Message> prompt, int images) {
        int parts = prompt.stream().mapToInt(Message::images).sum();
        if (parts == 0) {
            return List.of();
        }
        if (parts != images) {
            throw new RecordException(
                    SkipReason.INCONSISTENT,
                    "images",
                    "the prompt has " + parts + " image part" + (parts == 1 ? "" : "s") + " but 'images' lists "
                            + images + " (TRL refuses such a record)");
        }
        List<Integer> turns = new ArrayList<>();
        int user = -1;
        for (Message m : prompt) {
            if (m.role() == Role.USER) {
                user++;
            }
            for (int k = 0; k < m.images(); k++) {
                turns.add(user);
            }
        }
        return turns;
    }

    /** The record's {@code images} (TRL vision preference data): paths relative to the file's folder. */
    private List<MediaRef> images(JsonNode record) {
        if (!StrictFields.has(record, "images")) {
            return List.of();
        }
        JsonNode a = StrictFields.array(record, "images");
        List<MediaRef> out = new ArrayList<>();
        Path root = file.toAbsolutePath().getParent();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isTextual()) {
                throw new RecordException(
                        SkipReason.WRONG_TYPE,
                        "images[" + i + "]",
                        "expected an image path but found " + JsonRecordReader.typeName(a.get(i))
                                + " (embedded images: convert with --from rlaif-v)");
            }
            out.add(media(root, a.get(i).asText(), Modality.IMAGE, "images[" + i + "]"));
        }
        return out;
    }

    private static JsonNode required(JsonNode record, String field) {
        JsonNode v = record.get(field);
        if (v == null || v.isNull()) {
            throw new RecordException(
                    SkipReason.MISSING_FIELD,
                    field,
                    "required field '" + field + "' is " + (v == null ? "missing" : "null"));
        }
        if (!v.isTextual() && !v.isArray()) {
            throw new RecordException(
                    SkipReason.WRONG_TYPE,
                    field,
                    "field '" + field + "' is " + JsonRecordReader.typeName(v)
                            + " (expected a string or a list of {role, content} messages)");
        }
        return v;
    }

    /** The completion messages of a response: a string, or messages optionally repeating the prompt first. */
    private static List<Message> completion(JsonNode v, String field, List<Message> prompt) {
        if (v.isTextual()) {
            return List.of(new Message(Role.ASSISTANT, v.asText()));
        }
        List<Message> all = messages(v, field);
        if (all.size() > prompt.size() && all.subList(0, prompt.size()).equals(prompt)) {
            return all.subList(prompt.size(), all.size());
        }
        if (!all.isEmpty() && all.get(0).role() != Role.ASSISTANT) {
            throw new RecordException(
                    SkipReason.INCONSISTENT,
                    field,
                    "'" + field + "' starts with a "
                            + all.get(0).role().name().toLowerCase(Locale.ROOT)
                            + " message that does not repeat the prompt;"
                            + " expected the prompt's messages followed by the answer, or the answer alone");
        }
        return all;
    }

    private static String single(List<Message> completion, String field) {
        if (completion.size() != 1 || completion.get(0).role() != Role.ASSISTANT) {
            throw new RecordException(
                    SkipReason.UNSUPPORTED,
                    field,
                    "expected one assistant message as the response"
                            + " but found " + completion.size() + " message(s)"
                            + (completion.isEmpty()
                                    ? ""
                                    : " starting with a "
                                            + completion.get(0).role().name().toLowerCase(Locale.ROOT) + " one"));
        }
        return completion.get(0).text();
    }

    static List<Message> messages(JsonNode list, String field) {
        if (!list.isArray()) {
            throw new RecordException(
                    SkipReason.WRONG_TYPE,
                    field,
                    "field '" + field + "' is " + JsonRecordReader.typeName(list)
                            + " (expected a list of {role, content} messages)");
        }
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = field + "[" + i + "]";
            JsonNode m = list.get(i);
            if (!m.isObject()) {
                throw new RecordException(
                        SkipReason.WRONG_TYPE,
                        path,
                        "message is " + JsonRecordReader.typeName(m) + " (expected {role, content})");
            }
            String role = StrictFields.string(m, "role", path + ".role").trim().toLowerCase(Locale.ROOT);
            Role r = switch (role) {
                case "user", "human" -> Role.USER;
                case "assistant", "gpt", "model" -> Role.ASSISTANT;
                case "system" -> Role.SYSTEM;
                default ->
                    throw new RecordException(
                            SkipReason.UNSUPPORTED,
                            path + ".role",
                            "role '" + role + "' is not supported (user, assistant, system)");
            };
            JsonNode c = m.get("content");
            out.add(new Message(r, content(c, path + ".content"), imageParts(c)));
        }
        return out;
    }

    private static int imageParts(JsonNode content) {
        int n = 0;
        if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                if (part.path("type").asText("").equals("image")) {
                    n++;
                }
            }
        }
        return n;
    }

    private static String content(JsonNode c, String path) {
        if (c == null || c.isNull()) {
            throw new RecordException(SkipReason.MISSING_FIELD, path, "field '" + path + "' is missing");
        }
        if (c.isTextual()) {
            return MediaPlaceholders.unescape(c.asText());
        }
        if (!c.isArray()) {
            throw new RecordException(
                    SkipReason.WRONG_TYPE,
                    path,
                    "field '" + path + "' is " + JsonRecordReader.typeName(c)
                            + " (expected a string or a list of text parts)");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.size(); i++) {
            JsonNode part = c.get(i);
            String type = part.path("type").asText("text");
            if (type.equals("image")) {
                continue; // an image part marks where the record's images go; they are listed in 'images'
            }
            if (!type.equals("text")) {
                throw new RecordException(
                        SkipReason.UNSUPPORTED,
                        path + "[" + i + "].type",
                        "content part of type '" + type + "' is not supported (text only)");
            }
            JsonNode t = part.has("text") ? part.get("text") : part.get("value");
            if (t == null || !t.isTextual()) {
                throw new RecordException(
                        SkipReason.MISSING_FIELD,
                        path + "[" + i + "].text",
                        "text part without" + " 'text' (or 'value') string");
            }
            sb.append(t.asText());
        }
        return MediaPlaceholders.unescape(sb.toString());
    }

    private static boolean tie(JsonNode record) {
        JsonNode a = record.get("score_chosen");
        JsonNode b = record.get("score_rejected");
        if (a == null || b == null || a.isNull() || b.isNull()) {
            return false;
        }
        if (!a.isNumber() || !b.isNumber()) {
            throw new RecordException(
                    SkipReason.WRONG_TYPE, a.isNumber() ? "score_rejected" : "score_chosen", "expected a number");
        }
        if (a.asDouble() < b.asDouble()) {
            throw new RecordException(
                    SkipReason.INCONSISTENT,
                    "score_chosen",
                    "score_chosen " + a.asDouble() + " is below score_rejected " + b.asDouble());
        }
        return a.asDouble() == b.asDouble();
    }
}
