package org.omnireward.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenRlhfQueriesTest {

    @Test
    void the_response_is_what_follows_a_prompt_prefix_without_the_end_marker() {
        String p = "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n";
        assertThat(OpenRlhfQueries.split(p + "Hello!<|im_end|>", p))
                .isEqualTo(new OpenRlhfQueries.Split("Hello!", true));
        assertThat(OpenRlhfQueries.split(p + "Hello!<|im_end|><|endoftext|>", p).response())
                .isEqualTo("Hello!");
        assertThat(OpenRlhfQueries.split("[INST] Hi [/INST] Hello!</s>", "[INST] Hi [/INST]")
                        .response())
                .isEqualTo("Hello!");
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
        assertThat(OpenRlhfQueries.split("  all of it </s>", null))
                .isEqualTo(new OpenRlhfQueries.Split("all of it", true));
        assertThat(OpenRlhfQueries.split("all of it", "")).isEqualTo(new OpenRlhfQueries.Split("all of it", true));
    }

    @Test
    void the_linear_search_finds_what_string_index_of_finds() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            String text = randomText(random, random.nextInt(30));
            String needle = randomText(random, random.nextInt(6));
            assertThat(OpenRlhfQueries.indexOf(text, needle))
                    .as("'%s' in '%s'", needle, text)
                    .isEqualTo(text.indexOf(needle));
        }
    }

    @Test
    void many_trailing_markers_and_adversarial_prompts_give_the_same_split_as_before() {
        assertThat(OpenRlhfQueries.split("p" + "</s>".repeat(49_999), "p"))
                .isEqualTo(new OpenRlhfQueries.Split("", true));
        assertThat(OpenRlhfQueries.split("x" + "a".repeat(1_000), "a".repeat(999) + "b")
                        .promptFound())
                .isFalse();
        assertThat(OpenRlhfQueries.split("ok</s> <|im_end|>\n<|endoftext|>", null)
                        .response())
                .isEqualTo("ok");
    }

    private static String randomText(java.util.Random random, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + random.nextInt(3)));
        }
        return sb.toString();
    }
}
