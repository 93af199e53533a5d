package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads LLaMA-Factory sharegpt ranking data (a JSON array, or JSON Lines): {@code conversations}
 * (a list of {@code {from, value}} turns ending with a human turn), {@code chosen} and
 * {@code rejected} (each {@code {from: gpt, value}} or a plain string). A leading system turn (or a
 * top-level {@code system} string) is the criterion, otherwise {@link Criteria#GENERAL}. Several
 * turns become a transcript prompt (see {@link Conversations}). Records with media inputs
 * ({@code images}, {@code videos}, {@code audios}) or tool turns are skipped as
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
    void map(JsonRecords.RecordRef ref, JsonNode record, PairSink sink) {
        for (String media : List.of("images", "videos", "audios")) {
            JsonNode m = record.get(media);
            if (m != null && !m.isNull() && !(m.isArray() && m.isEmpty())) {
                throw new RecordException(SkipReason.UNSUPPORTED, media,
                        "media inputs are not read from LLaMA-Factory ranking data; convert to the unified format");
            }
        }
        JsonNode conv = JsonFields.array(record, "conversations");
        if (conv.isEmpty()) {
            throw new RecordException(SkipReason.INVALID_VALUE, "conversations", "the conversation is empty");
        }
        String criterion = JsonFields.optionalString(record, "system").filter(s -> !s.isBlank()).orElse(null);
        List<Conversations.Turn> turns = new ArrayList<>();
        for (int i = 0; i < conv.size(); i++) {
            JsonNode t = conv.get(i);
            String field = "conversations[" + i + "]";
            if (!t.isObject()) {
                throw new RecordException(SkipReason.WRONG_TYPE, field, "expected a {from, value} object but found "
                        + JsonRecords.typeName(t));
            }
            String from = JsonFields.string(t, "from", field + ".from");
            String value = JsonFields.string(t, "value", field + ".value");
            String role = Conversations.role(from);
            if (role.equals("system")) {
                if (i != 0) {
                    throw new RecordException(SkipReason.INVALID_VALUE, field + ".from",
                            "a system turn is only allowed first");
                }
                if (!value.isBlank()) {
                    criterion = value;
                }
                continue;
            }
            if (!role.equals("user") && !role.equals("assistant")) {
                throw new RecordException(SkipReason.UNSUPPORTED, field + ".from", "turns from '" + from
                        + "' are not supported; expected human, gpt or system");
            }
            if (value.isBlank()) {
                throw new RecordException(SkipReason.EMPTY_TEXT, field + ".value", "the turn's text is blank");
            }
            turns.add(new Conversations.Turn(role, value));
        }
        if (turns.isEmpty() || !turns.get(turns.size() - 1).role().equals("user")) {
            throw new RecordException(SkipReason.INVALID_VALUE, "conversations",
                    "the conversation must end with a human turn that the chosen and rejected answers respond to");
        }
        String chosen = answer(record, "chosen");
        String rejected = answer(record, "rejected");
        requireDistinctTexts("chosen", chosen, "rejected", rejected);
        sink.pair(textPair(sourceOf(ref), criterion == null ? Criteria.GENERAL : criterion,
                Conversations.render(turns), chosen, rejected, false));
    }

    private static String answer(JsonNode record, String field) {
        JsonNode v = record.get(field);
        if (v == null || v.isNull()) {
            throw new RecordException(SkipReason.MISSING_FIELD, field, "required field '" + field + "' is "
                    + (v == null ? "missing" : "null"));
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (!v.isObject()) {
            throw new RecordException(SkipReason.WRONG_TYPE, field, "expected a {from, value} object or a string but found "
                    + JsonRecords.typeName(v));
        }
        JsonFields.optionalString(v, "from").ifPresent(from -> {
            if (!Conversations.role(from).equals("assistant")) {
                throw new RecordException(SkipReason.INVALID_VALUE, field + ".from", "expected an answer from gpt"
                        + " but found '" + from + "'");
            }
        });
        return JsonFields.string(v, "value", field + ".value");
    }
}
