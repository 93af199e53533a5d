package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.PreferencePair;

class ChosenMessagesReaderTest {

    @TempDir
    Path dir;

    private static Map<String, Object> msg(String role, String text) {
        return Map.of("role", role, "content", List.of(Map.of("type", "text", "value", text)), "loss_weight", 0.0);
    }

    private static List<Map<String, Object>> chat(String system, String user, String answer) {
        List<Map<String, Object>> m = new ArrayList<>();
        if (system != null) {
            m.add(msg("system", system));
        }
        m.add(msg("user", user));
        m.add(msg("assistant", answer));
        return m;
    }

    @Test
    void shared_prefix_is_the_prompt_last_assistant_turns_are_the_answers_and_system_is_the_criterion() {
        Path f = Fixtures.jsonLines(
                dir.resolve("v1.jsonl"),
                Fixtures.obj(
                        "chosen_messages",
                        chat("Be brief.", "Translate 'chat'", "cat"),
                        "rejected_messages",
                        chat("Be brief.", "Translate 'chat'", "The word means cat in English.")),
                Fixtures.obj(
                        "chosen_messages",
                        chat(null, "Hi", "Hello!"),
                        "rejected_messages",
                        chat(null, "Hi", "Go away")));
        ReadResult r = new ChosenMessagesReader(f).readAll();
        assertThat(r.skipped()).isEmpty();
        PreferencePair a = r.pairs().get(0);
        assertThat(a.criteria()).isEqualTo("Be brief.");
        assertThat(a.prompt()).isEqualTo("Translate 'chat'");
        assertThat(a.chosen().requireText()).isEqualTo("cat");
        assertThat(a.rejected().requireText()).isEqualTo("The word means cat in English.");
        assertThat(a.source()).endsWith("v1.jsonl#L1");
        assertThat(r.pairs().get(1).criteria()).isEqualTo(Criteria.GENERAL);
    }

    @Test
    void multi_part_and_plain_string_content_is_read_as_text() {
        var chosen = List.of(
                Map.of(
                        "role",
                        "user",
                        "content",
                        List.of(
                                Map.of("type", "text", "value", "part one"),
                                Map.of("type", "text", "value", "part two"))),
                Map.of("role", "assistant", "content", "yes"));
        var rejected = List.of(chosen.get(0), Map.of("role", "assistant", "content", "no"));
        Path f = Fixtures.jsonLines(
                dir.resolve("v1.jsonl"), Fixtures.obj("chosen_messages", chosen, "rejected_messages", rejected));
        PreferencePair p = new ChosenMessagesReader(f).readAll().pairs().get(0);
        assertThat(p.prompt()).isEqualTo("part one\npart two");
        assertThat(p.chosen().requireText()).isEqualTo("yes");
    }

    @Test
    void differing_prefixes_images_and_a_non_assistant_last_turn_are_skipped_with_reasons() {
        var image = List.of(
                Map.of("role", "user", "content", List.of(Map.of("type", "image", "value", "a.jpg"))),
                msg("assistant", "x"));
        var imageRejected = List.of(image.get(0), msg("assistant", "y"));
        Path f = Fixtures.jsonLines(
                dir.resolve("v1.jsonl"),
                Fixtures.obj("chosen_messages", chat(null, "Q1", "a"), "rejected_messages", chat(null, "Q2", "b")),
                Fixtures.obj("chosen_messages", image, "rejected_messages", imageRejected),
                Fixtures.obj(
                        "chosen_messages",
                        List.of(msg("user", "Q"), msg("user", "again")),
                        "rejected_messages",
                        List.of(msg("user", "Q"), msg("assistant", "b"))),
                Fixtures.obj("chosen_messages", chat(null, "Q", "a")),
                Fixtures.obj("chosen_messages", chat(null, "Q", "a"), "rejected_messages", chat(null, "Q", "a ")));
        ReadResult r = new ChosenMessagesReader(f).readAll();
        assertThat(r.pairs()).isEmpty();
        assertThat(r.skipped())
                .extracting(SkippedRecord::reason)
                .containsExactly(
                        SkipReason.INCONSISTENT,
                        SkipReason.UNSUPPORTED,
                        SkipReason.INVALID_VALUE,
                        SkipReason.MISSING_FIELD,
                        SkipReason.IDENTICAL_RESPONSES);
        assertThat(r.skipped().get(0).field()).isEqualTo("rejected_messages[0]");
        assertThat(r.skipped().get(1).field()).isEqualTo("chosen_messages[0].content[0].type");
        assertThat(r.skipped().get(2).field()).isEqualTo("chosen_messages[1].role");
    }
}
