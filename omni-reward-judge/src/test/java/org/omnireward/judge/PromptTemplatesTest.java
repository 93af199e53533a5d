package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;

class PromptTemplatesTest {

    private static final Set<String> PAIRWISE =
            Set.of("criteria", "prompt", "verdict_rules", "input", "response_a", "response_b");

    @TempDir
    Path dir;

    @Test
    void every_built_in_template_parses_and_keeps_the_protocol_markers() {
        PromptTemplates p = new PromptTemplates(null);
        for (Task t : Task.values()) {
            Set<String> required = t.inputMedia().isPresent()
                    ? Set.of("criteria", "prompt", "input", "response_a", "response_b")
                    : Set.of("criteria", "prompt", "response_a", "response_b");
            PromptTemplates.Template tpl = p.template("pairwise-" + t.id() + ".txt", PAIRWISE, required);
            assertThat(tpl.system()).isNotEmpty();
            String user = p.text("pairwise-" + t.id() + ".txt");
            assertThat(user)
                    .contains(
                            "[[PROMPT]]",
                            "[[END OF PROMPT]]",
                            "[[RESPONSE A]]",
                            "[[END OF RESPONSE A]]",
                            "[[RESPONSE B]]",
                            "[[END OF RESPONSE B]]",
                            "{{verdict_rules}}");
            if (t == Task.TI2I) {
                assertThat(user).contains("[[ORIGINAL_IMAGE]]");
            }
            p.template(
                    "pointwise-" + t.id() + ".txt",
                    Set.of("criteria", "prompt", "score_rules", "input", "response"),
                    Set.of("criteria", "prompt", "response"));
        }
        assertThat(p.text("verdict-ties.txt")).contains("[[A]]", "[[B]]", "[[C]]");
        assertThat(p.text("verdict-no-ties.txt")).contains("[[A]]", "[[B]]").doesNotContain("[[C]]");
        assertThat(p.text("score-rules.txt")).contains("[[1]]", "[[5]]");
    }

    @Test
    void a_file_in_prompt_dir_replaces_the_built_in_one_of_the_same_name() throws Exception {
        Files.writeString(dir.resolve("verdict-ties.txt"), "Answer [[A]], [[B]] or [[C]] at the end.");
        PromptTemplates p = new PromptTemplates(dir);
        assertThat(p.text("verdict-ties.txt")).isEqualTo("Answer [[A]], [[B]] or [[C]] at the end.");
        assertThat(p.origin("verdict-ties.txt"))
                .isEqualTo(dir.resolve("verdict-ties.txt").toString());
        assertThat(p.text("verdict-no-ties.txt")).contains("You must pick one");
    }

    @Test
    void splits_templates_into_literals_and_placeholders() {
        List<PromptTemplates.Segment> s = PromptTemplates.parse("a {{prompt}} b {{ input }}");
        assertThat(s)
                .containsExactly(
                        new PromptTemplates.Literal("a "),
                        new PromptTemplates.Placeholder("prompt"),
                        new PromptTemplates.Literal(" b "),
                        new PromptTemplates.Placeholder("input"));
    }

    @Test
    void rejects_unknown_and_missing_placeholders_and_missing_parts_naming_the_file() throws Exception {
        Files.writeString(
                dir.resolve("a.txt"),
                "--- system ---\n{{criteria}} {{colour}}\n--- user ---\n{{response_a}}{{response_b}}");
        Files.writeString(dir.resolve("b.txt"), "--- system ---\n{{criteria}}\n--- user ---\n{{response_a}}");
        Files.writeString(dir.resolve("c.txt"), "just text");
        Files.writeString(
                dir.resolve("d.txt"), "--- system ---\n{{input}}\n--- user ---\n{{response_a}}{{response_b}}");
        PromptTemplates p = new PromptTemplates(dir);
        Set<String> required = Set.of("response_a", "response_b");
        assertThatThrownBy(() -> p.template("a.txt", PAIRWISE, required))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a.txt")
                .hasMessageContaining("{{colour}}");
        assertThatThrownBy(() -> p.template("b.txt", PAIRWISE, required))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not use {{response_b}}");
        assertThatThrownBy(() -> p.template("c.txt", PAIRWISE, required))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--- system ---");
        assertThatThrownBy(() -> p.template("d.txt", PAIRWISE, required))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("system part");
        assertThatThrownBy(() -> p.text("nope.txt"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nope.txt");
    }

    @Test
    void prompt_dir_must_be_a_folder() {
        assertThatThrownBy(() -> new PromptTemplates(dir.resolve("missing")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("prompt-dir");
    }
}
