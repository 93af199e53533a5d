package org.omnireward.scalar.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.RetriableException;

class PoolingResponseParserTest {

    private static final String EP = "http://h:1/pooling";

    private static String response(String output) {
        return "{\"id\":\"pool-x\",\"object\":\"list\",\"created\":1,\"model\":\"m\",\"data\":[{\"index\":0,"
                + "\"object\":\"pooling\",\"data\":" + output
                + "}],\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}";
    }

    private static double score(String output) {
        return PoolingResponseParser.score(response(output), -1, EP);
    }

    @Test
    void a_one_label_head_gives_its_single_value() {
        assertThat(score("[2.75]")).isEqualTo(2.75);
    }

    @Test
    void a_bare_number_is_the_reward() {
        assertThat(score("-1.5")).isEqualTo(-1.5);
    }

    @Test
    void a_multi_label_output_gives_the_last_value_by_default_and_score_index_otherwise() {
        assertThat(score("[0.1, 0.9]")).isEqualTo(0.9);
        assertThat(PoolingResponseParser.score(response("[0.1, 0.9, 0.4]"), 0, EP))
                .isEqualTo(0.1);
        assertThat(PoolingResponseParser.score(response("[0.1, 0.9, 0.4]"), -2, EP))
                .isEqualTo(0.9);
    }

    @Test
    void token_level_rows_give_the_last_tokens_row() {
        assertThat(score("[[0.5], [1.0], [4.25]]")).isEqualTo(4.25);
        assertThat(PoolingResponseParser.score(response("[[0.5, 0.6], [1.0, -2.0]]"), 0, EP))
                .isEqualTo(1.0);
    }

    @Test
    void the_item_with_index_0_is_used_whatever_its_position() {
        String body = "{\"data\":[{\"index\":1,\"data\":[9.0]},{\"index\":0,\"data\":[3.0]}]}";
        assertThat(PoolingResponseParser.score(body, -1, EP)).isEqualTo(3.0);
    }

    @Test
    void an_out_of_range_score_index_names_the_option() {
        assertThatThrownBy(() -> PoolingResponseParser.score(response("[0.1, 0.9]"), 2, EP))
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("score-index=2")
                .hasMessageContaining("2 value(s)");
    }

    @Test
    void a_body_that_is_not_json_is_retriable() {
        assertThatThrownBy(() -> PoolingResponseParser.score("<html>502 Bad Gateway</html>", -1, EP))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("not JSON")
                .hasMessageContaining(EP);
    }

    @Test
    void json_of_other_shapes_is_not_retriable_and_says_what_was_expected() {
        for (String body : new String[] {
            "[1,2]",
            "{}",
            "{\"data\":[]}",
            "{\"data\":[{\"index\":0}]}",
            response("\"AAAAPw==\""),
            response("[]"),
            response("[\"x\"]"),
            response("{\"a\":1}")
        }) {
            assertThatThrownBy(() -> PoolingResponseParser.score(body, -1, EP))
                    .as(body)
                    .isInstanceOf(NonRetriableException.class)
                    .hasMessageContaining("{\"data\":[{\"index\":0,\"data\":[...]}]}");
        }
    }

    @Test
    void nan_is_read_as_a_number_so_the_caller_can_reject_it_as_non_finite() {
        assertThat(score("[NaN]")).isNaN();
    }

    @Test
    void server_messages_come_from_the_known_error_shapes() {
        assertThat(PoolingResponseParser.serverMessage("{\"error\":{\"message\":\"bad input\",\"code\":400}}"))
                .isEqualTo("bad input");
        assertThat(PoolingResponseParser.serverMessage("{\"object\":\"error\",\"message\":\"old style\"}"))
                .isEqualTo("old style");
        assertThat(PoolingResponseParser.serverMessage("{\"detail\":\"Not Found\"}"))
                .isEqualTo("Not Found");
        assertThat(PoolingResponseParser.serverMessage("plain\n  text")).isEqualTo("plain text");
        assertThat(PoolingResponseParser.serverMessage("")).isEqualTo("(empty body)");
        assertThat(PoolingResponseParser.serverMessage("y".repeat(1000)))
                .hasSizeLessThan(230)
                .endsWith("(1000 chars)");
    }
}
