package org.omnireward.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenRlhfQueriesTest {

    @Test
    void the_response_is_what_follows_a_prompt_prefix_without_the_end_marker() {
        String p = "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n";
        assertThat(OpenRlhfQueries.split(p + "Hello!<|im_end|>", p)).isEqualTo(new OpenRlhfQueries.Split("Hello!", true));
        assertThat(OpenRlhfQueries.split(p + "Hello!<|im_end|><|endoftext|>", p).response()).isEqualTo("Hello!");
        assertThat(OpenRlhfQueries.split("[INST] Hi [/INST] Hello!</s>", "[INST] Hi [/INST]").response()).isEqualTo("Hello!");
    }

    @Test
    void a_prompt_found_later_in_the_query_is_skipped_with_what_precedes_it() {
        assertThat(OpenRlhfQueries.split("<s>Q: why? A: because", "Q: why? A:"))
                .isEqualTo(new OpenRlhfQueries.Split("because", true));
    }

    @Test
    void a_prompt_not_in_the_query_loses_only_the_common_prefix_and_is_reported() {
        assertThat(OpenRlhfQueries.split("Q:  why? A: because", "Q: why? A:"))
                .isEqualTo(new OpenRlhfQueries.Split("why? A: because", false));
        assertThat(OpenRlhfQueries.split("totally different", "Q: why?"))
                .isEqualTo(new OpenRlhfQueries.Split("totally different", false));
    }

    @Test
    void without_a_prompt_the_whole_query_is_the_response() {
        assertThat(OpenRlhfQueries.split("  all of it </s>", null)).isEqualTo(new OpenRlhfQueries.Split("all of it", true));
        assertThat(OpenRlhfQueries.split("all of it", "")).isEqualTo(new OpenRlhfQueries.Split("all of it", true));
    }
}
