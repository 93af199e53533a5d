package org.omnireward.data.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.omnireward.core.Modality;

class SharegptRankingTest {

    private static Map<String, Object> turn(String from, String value) {
        return Map.of("from", from, "value", value);
    }

    @Test
    void parses_criterion_transcript_media_and_answers() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(
                "conversations",
                List.of(
                        turn("system", "Be brief."),
                        turn("human", "<image>Hi"),
                        turn("gpt", "Hello"),
                        turn("human", "What is this? <image>")));
        r.put("images", List.of("a.png", "b.png"));
        r.put("chosen", turn("gpt", "A cat."));
        r.put("rejected", "A dog.");
        List<FieldProblem> problems = new ArrayList<>();

        SharegptRanking.Record p = SharegptRanking.parse(RecordFields.of(r, problems::add));

        assertThat(problems).isEmpty();
        assertThat(p.criterion()).isEqualTo("Be brief.");
        assertThat(p.prompt()).isEqualTo("User: Hi\n\nAssistant: Hello\n\nUser: What is this?");
        assertThat(p.media().get(Modality.IMAGE)).containsExactly("a.png", "b.png");
        assertThat(p.media().get(Modality.VIDEO)).isEmpty();
        assertThat(List.of(p.chosen(), p.rejected())).containsExactly("A cat.", "A dog.");
    }

    @Test
    void a_collecting_sink_sees_every_problem_each_naming_its_field() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("conversations", List.of(turn("human", "Q"), turn("system", "late"), turn("tool", "{}")));
        r.put("images", "a.png");
        r.put("chosen", turn("human", "not an answer"));
        List<FieldProblem> problems = new ArrayList<>();

        SharegptRanking.parse(RecordFields.of(r, problems::add));

        assertThat(problems)
                .extracting(FieldProblem::kind, FieldProblem::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(FieldProblem.Kind.INVALID, "conversations[1].from"),
                        org.assertj.core.groups.Tuple.tuple(FieldProblem.Kind.WRONG_TYPE, "images"),
                        org.assertj.core.groups.Tuple.tuple(FieldProblem.Kind.INVALID, "chosen.from"),
                        org.assertj.core.groups.Tuple.tuple(FieldProblem.Kind.MISSING, "rejected"));
        assertThat(problems.get(1).message())
                .isEqualTo("field 'images' is the string 'a.png' (expected a list of media paths)");
    }

    @Test
    void a_throwing_sink_stops_at_the_first_problem() {
        Map<String, Object> r = Map.of("conversations", List.of(turn("gpt", "A")));
        assertThatThrownBy(() -> SharegptRanking.parse(RecordFields.of(r, p -> {
                    throw new IllegalStateException(p.field() + ": " + p.message());
                })))
                .hasMessage(
                        "conversations: the last turn of 'conversations' is from 'gpt' (expected 'human', the prompt"
                                + " the responses answer)");
    }

    @Test
    void role_names_are_normalised_across_sharegpt_and_chat_styles() {
        assertThat(List.of("human", "User", "gpt", "assistant", "model", "SYSTEM", "tool").stream()
                        .map(SharegptRanking::roleName)
                        .toList())
                .containsExactly("user", "user", "assistant", "assistant", "assistant", "system", "tool");
    }
}
