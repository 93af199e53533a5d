package org.omnireward.data.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;

/** An export that can write nothing fails with the reason and leaves nothing behind. */
class ExportRefusalsTest {

    @TempDir
    Path dir;

    private Path lines(String name, ObjectNode... records) throws IOException {
        Path f = dir.resolve(name);
        StringBuilder sb = new StringBuilder();
        for (ObjectNode r : records) {
            sb.append(Json.mapper().writeValueAsString(r)).append('\n');
        }
        Files.writeString(f, sb.toString());
        return f;
    }

    private static ObjectNode text(String id) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("id", id)
                .put("task", "t2t")
                .put("criteria", "c")
                .put("prompt", "p")
                .put("chosen", "x")
                .put("rejected", "y");
        return o;
    }

    private static List<Path> contents(Path d) throws IOException {
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(p -> !p.equals(d)).toList();
        }
    }

    @Test
    void an_evaluation_only_file_is_refused_and_nothing_is_written_or_registered() throws IOException {
        Path f = lines("bench.jsonl", text("a").put("split", "test"), text("b").put("split", "test"));
        Path out = dir.resolve("lf");
        assertThatThrownBy(() -> DataExport.export(ExportTarget.LLAMAFACTORY, f, out, "x", 1, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nothing to export to llamafactory")
                .hasMessageContaining("benchmark_test_split=2")
                .hasMessageContaining("bench.jsonl");
        assertThat(out).doesNotExist();
    }

    @Test
    void a_failed_export_into_an_existing_folder_keeps_its_registry_and_adds_no_file() throws IOException {
        Path out = dir.resolve("lf");
        Files.createDirectories(out);
        Files.writeString(out.resolve(DataExport.DATASET_INFO), "{\"mine\": {\"file_name\": \"mine.json\"}}");
        Path f = lines("ties.jsonl", text("a").put("tie", true));
        assertThatThrownBy(() -> DataExport.export(ExportTarget.TRL, f, out, "x", 1, null))
                .hasMessageContaining("tie=1");
        assertThat(contents(out)).containsExactly(out.resolve(DataExport.DATASET_INFO));
        assertThat(Files.readString(out.resolve(DataExport.DATASET_INFO)))
                .isEqualTo("{\"mine\": {\"file_name\":" + " \"mine.json\"}}");
    }

    @Test
    void a_file_that_is_not_unified_jsonl_is_refused_with_a_hint() throws IOException {
        Path f = dir.resolve("alpaca.jsonl");
        Files.writeString(f, "{\"instruction\": \"q\", \"output_1\": \"a\", \"output_2\": \"b\", \"preference\": 1}\n");
        assertThatThrownBy(() -> DataExport.export(ExportTarget.EASYR1, f, dir.resolve("r1"), "x", 1, null))
                .hasMessageContaining("missing_field=1")
                .hasMessageContaining("is the input unified JSONL");
        assertThat(dir.resolve("r1")).doesNotExist();
    }

    @Test
    void media_pairs_alone_tell_the_user_which_flavor_writes_them_and_copy_no_media() throws IOException {
        Files.createDirectories(dir.resolve("m"));
        Files.write(dir.resolve("m/a.png"), new byte[] {1});
        Files.write(dir.resolve("m/b.png"), new byte[] {2});
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("id", "g").put("task", "t2i").put("criteria", "c").put("prompt", "a cat");
        o.putObject("chosen").put("type", "image").put("path", "m/a.png");
        o.putObject("rejected").put("type", "image").put("path", "m/b.png");
        Path f = lines("t2i.jsonl", o);
        Path out = dir.resolve("lf");
        assertThatThrownBy(() ->
                        DataExport.export(ExportTarget.LLAMAFACTORY, LlamaFactoryFlavor.UPSTREAM, f, out, "x", 1, null))
                .hasMessageContaining("media_responses=1")
                .hasMessageContaining("--flavor omnireward-factory");
        assertThat(out).doesNotExist();
        DataExport.Report r = DataExport.export(
                ExportTarget.LLAMAFACTORY, LlamaFactoryFlavor.OMNIREWARD_FACTORY, f, out, "x", 1, null);
        assertThat(r.records()).isEqualTo(1);
        assertThat(r.skippedList()).isNull();
        assertThat(out.resolve(DataExport.SKIPPED)).doesNotExist();
        assertThat(ConsumerRules.llamaFactory(out, LlamaFactoryFlavor.OMNIREWARD_FACTORY))
                .isEmpty();
        assertThat(ConsumerRules.llamaFactory(out, LlamaFactoryFlavor.UPSTREAM))
                .as("upstream would refuse it")
                .anySatisfy(v -> assertThat(v).contains("placeholders but the processor gives this side 2 images"));
    }

    @Test
    void refused_records_are_listed_with_their_reason_beside_the_export() throws IOException {
        Path f = lines("mixed.jsonl", text("ok"), text("tie").put("tie", true));
        DataExport.Report r = DataExport.export(ExportTarget.TRL, f, dir.resolve("trl"), "x", 1, null);
        assertThat(r.records()).isEqualTo(1);
        List<String> listed = Files.readAllLines(r.skippedList());
        assertThat(listed)
                .singleElement()
                .satisfies(l -> assertThat(l).contains("\"record\":\"tie\"").contains("\"reason\":\"tie\""));
    }
}
