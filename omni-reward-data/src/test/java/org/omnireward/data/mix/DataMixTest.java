package org.omnireward.data.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.Groups;
import org.omnireward.data.UnifiedJsonlReader;
import org.omnireward.data.UnifiedJsonlWriter;

class DataMixTest {

    @TempDir
    Path dir;

    private static PreferencePair text(String id, String prompt, String chosen, String rejected) {
        return PreferencePair.text(
                id, Groups.ofPrompt(prompt), "Prefer the better answer.", prompt, chosen, rejected, "t:" + id);
    }

    private Path recipe(String yaml) throws IOException {
        Path f = dir.resolve("recipe.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private void sources() throws IOException {
        List<PreferencePair> a = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            a.add(text("a" + i, "Question number " + (i % 50) + "?", "Answer " + i + ".", "Wrong " + i + "."));
        }
        a.add(text("a-dup", "Question number 1?", "Answer 1.", "Wrong 1.")); // exact duplicate of a1
        a.add(text("a-near", "question NUMBER 2 ?", "answer 2", "WRONG 2!")); // near duplicate of a2
        UnifiedJsonlWriter.writeAll(dir.resolve("a.jsonl"), a);
        List<PreferencePair> b = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            b.add(text("b" + i, "Other prompt " + i, "Good " + i, "Bad " + i));
        }
        b.add(text("b-dup", "Question number 3?", "Answer 3.", "Wrong 3.")); // duplicate across sources
        UnifiedJsonlWriter.writeAll(dir.resolve("b.jsonl"), b);
        Files.createDirectories(dir.resolve("img"));
        Files.write(dir.resolve("img/1.png"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("img/2.png"), new byte[] {4, 5, 6});
        Files.write(dir.resolve("img/1-copy.png"), new byte[] {1, 2, 3});
        MediaRef m1 = MediaRef.underRoot(dir, "img/1.png", Modality.IMAGE);
        MediaRef m2 = MediaRef.underRoot(dir, "img/2.png", Modality.IMAGE);
        MediaRef m1c = MediaRef.underRoot(dir, "img/1-copy.png", Modality.IMAGE);
        UnifiedJsonlWriter.writeAll(
                dir.resolve("c.jsonl"),
                List.of(
                        new PreferencePair(
                                "c1",
                                Task.T2I,
                                Groups.ofPrompt("a cat"),
                                "Prefer cats.",
                                "a cat",
                                List.of(),
                                Response.media(m1),
                                Response.media(m2),
                                false,
                                "c"),
                        new PreferencePair(
                                "c2",
                                Task.T2I,
                                Groups.ofPrompt("a cat"),
                                "Prefer cats.",
                                "a cat",
                                List.of(),
                                Response.media(m1c),
                                Response.media(m2),
                                false,
                                "c")));
    }

    @Test
    void duplicates_weights_caps_and_the_split_by_prompt_group() throws IOException {
        sources();
        Recipe r = Recipe.load(recipe("""
                seed: 3
                valid_fraction: 0.2
                sources:
                  - {name: a, path: a.jsonl, weight: 0.5}
                  - {name: b, path: b.jsonl, weight: 2, cap: 150}
                  - {name: c, path: c.jsonl}
                """));
        DataMix.Result res = DataMix.run(r, dir.resolve("mix"), null);
        DataMix.SourceCounts a = res.sources().get("a");
        DataMix.SourceCounts b = res.sources().get("b");
        DataMix.SourceCounts c = res.sources().get("c");
        assertThat(a.read()).isEqualTo(202);
        assertThat(a.exactDuplicates()).isEqualTo(1);
        assertThat(a.nearDuplicates()).isEqualTo(1);
        assertThat(b.exactDuplicates()).isEqualTo(1);
        assertThat(c.exactDuplicates()).isEqualTo(1); // same image bytes under another name
        assertThat(a.written()).isBetween(70L, 130L); // weight 0.5 of 200 unique records
        assertThat(b.written()).isEqualTo(150); // 200 copies of 100 unique records, capped
        assertThat(b.cappedOut()).isEqualTo(50);
        assertThat(c.written()).isEqualTo(1);

        List<JsonNode> train = lines(res.train());
        List<JsonNode> valid = lines(res.valid());
        assertThat(train.size() + valid.size()).isEqualTo(a.written() + b.written() + 1);
        Set<String> trainGroups = new HashSet<>();
        train.forEach(n -> trainGroups.add(n.get("group").asText()));
        valid.forEach(n -> assertThat(trainGroups).doesNotContain(n.get("group").asText()));
        assertThat(valid).isNotEmpty();
        Set<String> ids = new HashSet<>();
        train.forEach(n -> assertThat(ids.add(n.get("id").asText())).isTrue());
        assertThat(ids).anyMatch(id -> id.endsWith("~copy1"));
        // shuffled: sources interleave
        assertThat(train.subList(0, 30))
                .extracting(n -> n.get("id").asText().substring(0, 1))
                .contains("a", "b");
        // media copied beside the mix and read back
        assertThat(new UnifiedJsonlReader(res.train()).readAll().skippedCount()
                        + new UnifiedJsonlReader(res.valid()).readAll().skippedCount())
                .isZero();
        JsonNode manifest = Json.readTree(res.manifest());
        assertThat(manifest.get("sources").get("b").get("capped_out").asLong()).isEqualTo(50);
        assertThat(manifest.get("tasks").get("t2i").get("train").asLong()
                        + manifest.get("tasks").get("t2i").get("valid").asLong())
                .isEqualTo(1);

        // the same recipe gives the same bytes
        DataMix.Result again = DataMix.run(r, dir.resolve("mix2"), null);
        assertThat(Files.readString(again.train())).isEqualTo(Files.readString(res.train()));
        assertThat(Files.readString(again.valid())).isEqualTo(Files.readString(res.valid()));
    }

    @Test
    void a_source_whose_format_does_not_fit_fails_naming_it_and_leaves_nothing_behind() throws IOException {
        sources();
        Recipe r = Recipe.load(recipe("sources:\n  - {name: a, path: a.jsonl}\n  - {name: wrong, path: b.jsonl,"
                + " format: alpaca-eval}\n"));
        Path out = dir.resolve("mix-bad");
        assertThatThrownBy(() -> DataMix.run(r, out, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("source 'wrong'")
                .hasMessageContaining("format alpaca-eval")
                .hasMessageContaining("all 101 were skipped")
                .hasMessageContaining("does its format: fit the file?");
        assertThat(out).doesNotExist();
        Files.writeString(dir.resolve("empty.jsonl"), "");
        Recipe empty = Recipe.load(recipe("sources:\n  - {name: e, path: empty.jsonl}\n"));
        assertThatThrownBy(() -> DataMix.run(empty, out, null))
                .hasMessageContaining("source 'e'")
                .hasMessageContaining("holds no records");
        Recipe none = Recipe.load(recipe("sources:\n  - {name: a, path: a.jsonl, cap: 0}\n"));
        assertThatThrownBy(() -> DataMix.run(none, out, null)).hasMessageContaining("keeps no record");
        assertThat(out).doesNotExist();
    }

    @Test
    void near_duplicates_can_be_kept() throws IOException {
        sources();
        Recipe r = Recipe.load(recipe("near_duplicates: false\nsources:\n  - {name: a, path: a.jsonl}\n"));
        DataMix.Result res = DataMix.run(r, dir.resolve("mix"), null);
        assertThat(res.sources().get("a").nearDuplicates()).isZero();
        assertThat(res.sources().get("a").written()).isEqualTo(201);
    }

    @Test
    void bad_recipes_are_refused_naming_the_source_and_key() throws IOException {
        sources();
        assertThatThrownBy(() -> Recipe.load(recipe("sources:\n  - {name: a, path: a.jsonl, cap: -1}\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("source 'a' cap must be 0 or more");
        assertThatThrownBy(() -> Recipe.load(recipe("sources:\n  - {name: x, path: a.jsonl, format: imagenet}\n")))
                .hasMessageContaining("source 'x' has the unknown format 'imagenet'")
                .hasMessageContaining("hh-rlhf");
        assertThatThrownBy(() -> Recipe.load(recipe("sources:\n  - {name: x, path: nowhere.jsonl}\n")))
                .hasMessageContaining("source 'x'")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Recipe.load(recipe("sources:\n  - {name: x, path: a.jsonl, weigth: 2}\n")))
                .hasMessageContaining("unknown key 'weigth'");
        assertThatThrownBy(() ->
                        Recipe.load(recipe("sources:\n  - {name: x, path: a.jsonl}\n  - {name: x, path: b.jsonl}\n")))
                .hasMessageContaining("named twice");
        assertThatThrownBy(() -> Recipe.load(recipe("sources: [\n"))).hasMessageContaining("not valid YAML");
        assertThatThrownBy(
                        () -> Recipe.load(recipe("sources:\n  - {name: x, path: a.jsonl, format: omnirewardbench}\n")))
                .hasMessageContaining("reserved for evaluation");
        assertThatThrownBy(() -> Recipe.load(recipe("valid_fraction: 1.5\nsources:\n  - {name: x, path: a.jsonl}\n")))
                .hasMessageContaining("valid_fraction");
    }

    @Test
    void normalising_ignores_case_punctuation_and_spacing() {
        assertThat(DataMix.normalise("  Hello,  WORLD!! ")).isEqualTo("hello world");
        assertThat(DataMix.normalise("Ｈｅｌｌｏ — world")).isEqualTo("hello world");
        assertThat(DataMix.normalise("a\tb\n\nc")).isEqualTo("a b c");
    }

    private static List<JsonNode> lines(Path f) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            out.add(Json.mapper().readTree(l));
        }
        return out;
    }
}
