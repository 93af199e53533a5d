package org.omnireward.data.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.RecordSink;
import org.omnireward.data.SkipReason;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.UnifiedJsonlReader;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.mix.DataMix;
import org.omnireward.data.mix.Recipe;
import org.omnireward.testing.SharedTestData;

/**
 * The whole path a user takes, on the real shared material: sources of every modality the public sets
 * offer (AlpacaEval, the LLaMA-Factory DPO demo, XSTest, HH-RLHF-style transcripts with two assistant
 * turns in a row, a chat pair with a literal {@code <video>} tag, ranking records built from
 * LLaMA-Factory's multimodal demos — a two-turn image chat among them — HPDv2-style t2i, video pairs,
 * RLAIF-V-style rows, t2a and ti2i pairs) go through {@code data mix}, then {@code data export} to every
 * target; every exported row must satisfy its consumer's rules ({@link ConsumerRules}), and exactly the
 * records a target cannot express are refused, each counted. scripts/consumer-check/check_exports.py
 * runs the consumers' own code on the same kind of export.
 */
class SharedDataExportIT {

    @TempDir
    Path dir;

    @Test
    void a_mix_of_every_modality_exports_to_every_trainer_and_each_refusal_is_counted() throws IOException {
        Path shared = SharedTestData.require("SharedDataExportIT");
        Path src = sources(shared);
        Recipe recipe = Recipe.load(src.resolve("recipe.yaml"));
        DataMix.Result mix = DataMix.run(recipe, dir.resolve("mix"), null);
        List<UnifiedRecord> records = new ArrayList<>();
        for (Path f : List.of(mix.train(), mix.valid())) {
            new UnifiedJsonlReader(f).read(new RecordSink() {
                @Override
                public void record(UnifiedRecord r) {
                    records.add(r);
                }

                @Override
                public void skipped(SkippedRecord s) {
                    throw new AssertionError("the mix holds a record it cannot read back: " + s);
                }
            });
        }
        Map<Task, Long> perTask = new EnumMap<>(Task.class);
        records.forEach(r -> perTask.merge(r.pair().task(), 1L, Long::sum));
        System.out.println("[SharedDataExportIT] mix: " + records.size() + " records " + perTask);
        assertThat(perTask.keySet()).containsExactlyInAnyOrder(Task.values());

        long mediaPairs = count(records, p -> !p.task().hasTextResponses());
        long twoInputs =
                count(records, p -> p.task().hasTextResponses() && p.inputs().size() == 2);
        long videoOrAudioIn = count(records, p -> p.task() == Task.TV2T || p.task() == Task.TA2T);
        long audio = count(records, p -> p.task() == Task.TA2T || p.task() == Task.T2A);

        check(
                ExportTarget.LLAMAFACTORY,
                LlamaFactoryFlavor.UPSTREAM,
                records.size(),
                Map.of(SkipReason.MEDIA_RESPONSES, mediaPairs));
        check(
                ExportTarget.LLAMAFACTORY,
                LlamaFactoryFlavor.OMNIREWARD_FACTORY,
                records.size(),
                Map.of(SkipReason.UNSUPPORTED, twoInputs));
        check(
                ExportTarget.TRL,
                null,
                records.size(),
                Map.of(SkipReason.MEDIA_RESPONSES, mediaPairs, SkipReason.UNSUPPORTED_MEDIA, videoOrAudioIn));
        check(ExportTarget.EASYR1, null, records.size(), Map.of(SkipReason.UNSUPPORTED_MEDIA, audio));
    }

    private void check(ExportTarget target, LlamaFactoryFlavor flavor, int total, Map<SkipReason, Long> refused) {
        Path out = dir.resolve(target.id() + (flavor == null ? "" : "-" + flavor.id()));
        DataExport.Report r = DataExport.export(
                target,
                flavor == null ? LlamaFactoryFlavor.UPSTREAM : flavor,
                dir.resolve("mix"),
                out,
                "omni",
                3,
                null);
        System.out.printf(
                "[SharedDataExportIT] %s%s: %d files, %d records, not exported %s, %d turns merged," + " %d escaped%n",
                target.id(),
                flavor == null ? "" : " " + flavor.id(),
                r.files().size(),
                r.records(),
                r.notExported(),
                r.mergedTurns(),
                r.escapedPlaceholders());
        Map<SkipReason, Long> expected = new EnumMap<>(SkipReason.class);
        refused.forEach((k, v) -> {
            if (v > 0) {
                expected.put(k, v);
            }
        });
        assertThat(r.notExported()).as(target.id()).isEqualTo(expected);
        assertThat(r.records() + r.skipped()).isEqualTo(total);
        if (target != ExportTarget.EASYR1) { // EasyR1's problem is plain text: the transcript stays as it is
            assertThat(r.mergedTurns())
                    .as("the HH record with two assistant turns in a row")
                    .isEqualTo(1);
        }
        List<String> violations = switch (target) {
            case LLAMAFACTORY -> ConsumerRules.llamaFactory(out, flavor);
            case TRL -> ConsumerRules.trl(out);
            case EASYR1 -> ConsumerRules.easyR1(out);
        };
        assertThat(violations).as(target.id()).isEmpty();
    }

    private static long count(List<UnifiedRecord> records, java.util.function.Predicate<PreferencePair> p) {
        return records.stream().map(UnifiedRecord::pair).filter(p).count();
    }

    /** The source files and recipe (media copied out of the shared folder into the test's own). */
    private Path sources(Path shared) throws IOException {
        Path src = dir.resolve("src");
        Path media = src.resolve("media");
        Files.createDirectories(media);
        for (String f : List.of(
                "1.jpg", "2.jpg", "3.jpg", "1.mp3", "2.wav", "3.flac", "4.mp3", "1.mp4", "3.mp4", "4.mp4", "2.avi")) {
            Files.copy(shared.resolve("media").resolve(f), media.resolve(f));
        }
        ArrayNode ranking = Json.mapper().createArrayNode();
        for (String[] demo : List.of(
                new String[] {"mllm_demo.json", "images"},
                new String[] {"mllm_video_demo.json", "videos"},
                new String[] {"mllm_audio_demo.json", "audios"})) {
            JsonNode rows = Json.readTree(shared.resolve("media").resolve(demo[0]));
            for (int i = 0; i < rows.size(); i++) {
                JsonNode msgs = rows.get(i).get("messages");
                ObjectNode rec = ranking.addObject();
                ArrayNode conv = rec.putArray("conversations");
                for (int t = 0; t < msgs.size() - 1; t++) {
                    conv.addObject()
                            .put("from", msgs.get(t).get("role").asText().equals("user") ? "human" : "gpt")
                            .put("value", msgs.get(t).get("content").asText());
                }
                rec.putObject("chosen")
                        .put("from", "gpt")
                        .put("value", msgs.get(msgs.size() - 1).get("content").asText());
                JsonNode other = rows.get((i + 1) % rows.size()).get("messages");
                rec.putObject("rejected")
                        .put("from", "gpt")
                        .put("value", other.get(other.size() - 1).get("content").asText());
                ArrayNode files = rec.putArray(demo[1]);
                rows.get(i)
                        .get(demo[1])
                        .forEach(p -> files.add("media/" + Path.of(p.asText()).getFileName()));
            }
        }
        ranking.add(mediaPair("the sound of glass breaking", "audio", "1.mp3", "2.wav"));
        ranking.add(mediaPair("a person speaking calmly", "audio", "3.flac", "4.mp3"));
        ObjectNode edit = mediaPair("<image>Make the sky orange", "image", "1.jpg", "2.jpg", "3.jpg");
        ranking.add(edit);
        ObjectNode chair = mediaPair("a chair seen from four sides", "image", "2.jpg", "3.jpg");
        chair.put("task", "t23d");
        ranking.add(chair);
        Json.mapper().writeValue(src.resolve("mm_ranking.json").toFile(), ranking);
        Files.writeString(
                src.resolve("hpdv2.json"),
                "[{\"prompt\": \"two football players celebrating\","
                        + " \"image_path\": [\"media/1.jpg\", \"media/2.jpg\", \"media/3.jpg\"], \"human_preference\": [1, 0, 0]},"
                        + " {\"prompt\": \"an astronaut giving a speech\", \"image_path\": [\"media/3.jpg\", \"media/2.jpg\"],"
                        + " \"human_preference\": [0, 1]}]");
        Files.writeString(
                src.resolve("videos.jsonl"),
                "{\"prompt\": \"a city street at dusk\", \"chosen\":"
                        + " \"media/1.mp4\", \"rejected\": \"media/3.mp4\"}\n{\"prompt\": \"a slow pan over a field\", \"chosen\":"
                        + " \"media/4.mp4\", \"rejected\": \"media/2.avi\"}\n");
        Files.writeString(
                src.resolve("rlaifv.jsonl"),
                "{\"question\": \"How many people are in the picture?\","
                        + " \"chosen\": \"Two men.\", \"rejected\": \"Five women.\", \"image\": \"media/1.jpg\"}\n"
                        + "{\"question\": \"Describe the scene.\", \"chosen\": \"A man speaks at a podium.\", \"rejected\":"
                        + " \"A dog runs on a beach.\", \"image\": \"media/3.jpg\"}\n");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(src.resolve("hh-train.jsonl.gz")));
                Writer w = new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8)) {
            String shared1 = "\n\nHuman: Can you help me bake bread?\n\nAssistant: Sure.\n\nAssistant: Do you have"
                    + " yeast?\n\nHuman: Yes, I do.\n\nAssistant: ";
            w.write(Json.mapper()
                            .writeValueAsString(Map.of(
                                    "chosen",
                                    shared1 + "Mix flour, water, salt and yeast.",
                                    "rejected",
                                    shared1 + "Buy bread instead."))
                    + "\n");
            w.write(Json.mapper()
                            .writeValueAsString(Map.of(
                                    "chosen",
                                    "\n\nHuman: A name for a cat?\n\nAssistant:" + " Whiskers.",
                                    "rejected",
                                    "\n\nHuman: A name for a cat?\n\nAssistant: Cats need no names."))
                    + "\n");
        }
        Files.writeString(
                src.resolve("chat-pairs.jsonl"),
                "{\"prompt\": [{\"role\": \"user\", \"content\": \"How do I"
                        + " embed a clip with the <video> tag?\"}], \"chosen\": [{\"role\": \"assistant\", \"content\": \"Write"
                        + " <video src=\\\"clip.mp4\\\" controls></video>.\\n\"}], \"rejected\": [{\"role\": \"assistant\","
                        + " \"content\": \"  You cannot. \"}]}\n");
        Path tp = shared.resolve("text-preferences").toAbsolutePath();
        Files.writeString(
                src.resolve("recipe.yaml"),
                "seed: 7\nvalid_fraction: 0.3\nsources:\n"
                        + "  - {name: alpaca, path: "
                        + tp.resolve("alpaca_eval/Mixtral-8x7B-Instruct-v0.1__alpaca_eval_gpt4_turbo_fn.json")
                        + ", format: alpaca-eval, cap: 200}\n"
                        + "  - {name: lf-dpo, path: " + tp.resolve("llamafactory_dpo_en_demo.json")
                        + ", format: llamafactory, cap: 100}\n"
                        + "  - {name: xstest, path: " + tp.resolve("xstest") + ", format: xstest, cap: 100}\n"
                        + "  - {name: mm, path: mm_ranking.json, format: llamafactory}\n"
                        + "  - {name: hpdv2, path: hpdv2.json, format: hpdv2}\n"
                        + "  - {name: videos, path: videos.jsonl, format: video-pairs}\n"
                        + "  - {name: rlaifv, path: rlaifv.jsonl, format: rlaif-v}\n"
                        + "  - {name: hh, path: hh-train.jsonl.gz, format: hh-rlhf}\n"
                        + "  - {name: chat, path: chat-pairs.jsonl, format: chat-pairs}\n");
        return src;
    }

    /** A ranking record of media responses as the authors' fork lists them: inputs, then chosen, rejected. */
    private static ObjectNode mediaPair(String prompt, String kind, String... files) {
        ObjectNode rec = Json.mapper().createObjectNode();
        rec.putArray("conversations").addObject().put("from", "human").put("value", prompt);
        String placeholder = "<" + kind + ">";
        rec.putObject("chosen").put("from", "gpt").put("value", placeholder);
        rec.putObject("rejected").put("from", "gpt").put("value", placeholder);
        ArrayNode list = rec.putArray(kind.equals("image") ? "images" : kind.equals("video") ? "videos" : "audios");
        for (String f : files) {
            list.add("media/" + f);
        }
        return rec;
    }
}
