package org.omnireward.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;
import org.omnireward.rm.encoder.BaseModels;
import org.omnireward.rm.encoder.WordPieces;

/** The truncation policy: the criterion is never cut; a long prompt gets at most a third of the rest. */
class CrossInputTest {

    static WordPieces pieces;

    @BeforeAll
    static void open() {
        pieces = WordPieces.of(BaseModels.byName("minilm"));
    }

    @AfterAll
    static void close() {
        pieces.close();
    }

    @Test
    void short_inputs_are_framed_whole_with_the_response_as_segment_one() {
        CrossInput in = new CrossInput(pieces, 64);
        CrossInput.Tokens t = in.tokens("be brief", "hello there", "hi");
        // [CLS] be brief [SEP] hello there [SEP] hi [SEP]
        assertThat(t.length()).isEqualTo(9);
        assertThat(t.ids()[0]).isEqualTo(pieces.cls());
        assertThat(t.ids()[8]).isEqualTo(pieces.sep());
        assertThat(t.types()).containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 1);
    }

    @Test
    void a_long_prompt_keeps_a_third_of_the_room_and_the_response_the_rest() {
        CrossInput in = new CrossInput(pieces, 100);
        String longText = "word ".repeat(500);
        CrossInput.Tokens t = in.tokens("c", longText, longText);
        assertThat(t.length()).isEqualTo(100);
        int rest = 100 - 4 - 1;
        long responseTokens =
                java.util.Arrays.stream(t.types()).filter(x -> x == 1).count() - 1;
        assertThat(responseTokens).isEqualTo(rest - rest / 3);
    }

    @Test
    void a_short_response_leaves_the_room_to_the_prompt() {
        CrossInput in = new CrossInput(pieces, 100);
        CrossInput.Tokens t = in.tokens("c", "word ".repeat(500), "yes");
        assertThat(t.length()).isEqualTo(100);
        assertThat(java.util.Arrays.stream(t.types()).filter(x -> x == 1).count())
                .isEqualTo(2);
    }

    @Test
    void a_criterion_that_leaves_too_little_room_is_refused_not_cut() {
        CrossInput in = new CrossInput(pieces, 64);
        assertThatThrownBy(() -> in.tokens("word ".repeat(40), "p", "r"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a criterion is never cut");
    }

    @Test
    void empty_and_enormous_texts_are_handled() {
        CrossInput in = new CrossInput(pieces, 64);
        assertThat(in.tokens("", "", "").length()).isEqualTo(4);
        String huge = "x".repeat(5_000_000);
        long start = System.nanoTime();
        assertThat(in.tokens("c", huge, huge).length()).isLessThanOrEqualTo(64);
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }
}
