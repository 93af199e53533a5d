package org.omnireward.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;

class SparkScoreTest {

    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();

    private static String line(String id, String task, String criteria, Object chosen, Object rejected, boolean tie) {
        ObjectNode o = Json.mapper().createObjectNode();
        if (id != null) {
            o.put("id", id);
        }
        o.put("task", task);
        if (criteria != null) {
            o.put("criteria", criteria);
        }
        o.put("prompt", "Say something about " + id);
        o.set("chosen", Json.mapper().valueToTree(chosen));
        o.set("rejected", Json.mapper().valueToTree(rejected));
        o.put("tie", tie);
        return o.toString();
    }

    private Path jsonl() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add(line("p" + i, "t2t", "Prefer the longer answer.", "chosen answer number " + i, "no", i % 9 == 0));
        }
        lines.add(line("no-criteria", "t2t", null, "a", "b", false));
        lines.add("this is not JSON");
        lines.add(line(null, "t2t", "c", "a", "b", false));
        lines.add(line("bad-task", "t2z", "c", "a", "b", false));
        lines.add(line(
                "missing-media",
                "t2i",
                "c",
                Map.of("type", "image", "path", "nope.png"),
                Map.of("type", "image", "path", "nope2.png"),
                false));
        lines.add(line(
                "escape",
                "t2i",
                "c",
                Map.of("type", "image", "path", "../x.png"),
                Map.of("type", "image", "path", "y.png"),
                false));
        lines.add(line("p3", "t2t", "a repeated id", "x", "y", false));
        Path file = dir.resolve("pairs.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private SparkScore.Result score(String in, String out, String model, Setting setting) {
        return SparkScore.run(
                spark,
                new SparkScore.Request(in, null, out, model, Map.of(), setting, 0L, 2, false, 4, 3),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private Map<String, PredictionRecord> output(String out) {
        List<Row> rows = spark.read()
                .schema(PredictionParquet.SCHEMA)
                .parquet(ScoreInput.predictionFiles(out, spark.sparkContext().hadoopConfiguration())
                        .toArray(new String[0]))
                .collectAsList();
        List<PredictionRecord> lines =
                rows.stream().map(PredictionParquet::fromRow).collect(Collectors.toList());
        assertThat(lines.stream().map(PredictionRecord::id).distinct().count())
                .as("one line per key")
                .isEqualTo(lines.size());
        return lines.stream().collect(Collectors.toMap(PredictionRecord::id, Function.identity()));
    }

    @Test
    void everyRowBecomesOneLineAndBadRowsAreFailedLinesNotAFailedJob() throws Exception {
        Path in = jsonl();
        String out = dir.resolve("scored").toString();
        SparkScore.Result r = score(in.toString(), out, "length", Setting.NO_TIES);

        assertThat(r.input()).isEqualTo(47);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.written()).isEqualTo(46);
        Map<String, PredictionRecord> lines = output(out);
        assertThat(lines).hasSize(46);

        PredictionRecord p1 = lines.get("p1");
        assertThat(p1.task()).isEqualTo("t2t");
        assertThat(p1.setting()).isEqualTo("no_ties");
        assertThat(p1.index()).isEqualTo(1);
        assertThat(p1.label()).isEqualTo("response1");
        assertThat(p1.failed()).isFalse();
        // length: the score of a text is its length; scores are [chosen, rejected]
        assertThat(p1.scores()).containsExactly((double) "chosen answer number 1".length(), 2.0);
        assertThat(p1.prediction()).isEqualTo("response1");
        assertThat(lines.get("p0").label()).isEqualTo("tie");
        // the first row of a repeated id counts
        assertThat(lines.get("p3").scores()).containsExactly((double) "chosen answer number 3".length(), 2.0);

        assertThat(lines.get("no-criteria").errorKind()).isEqualTo("invalid_record");
        assertThat(lines.get("no-criteria").error()).contains("criteria").contains("pairs.jsonl record 41");
        assertThat(lines.get("pairs.jsonl#42").error()).contains("not a JSON object");
        assertThat(lines.get("pairs.jsonl#43").error()).contains("'id'");
        assertThat(lines.get("bad-task").task()).isEqualTo("unknown");
        assertThat(lines.get("bad-task").error()).contains("unknown task 't2z'");
        assertThat(lines.get("missing-media").error()).contains("nope.png").contains("not found");
        assertThat(lines.get("escape").error()).contains("outside");
        assertThat(lines.values().stream().filter(PredictionRecord::failed).count())
                .isEqualTo(r.failed())
                .isEqualTo(6);

        SparkScore.Result again = score(in.toString(), out, "length", Setting.NO_TIES);
        assertThat(again.written()).isZero();
        assertThat(again.alreadyDone()).isEqualTo(46);
        assertThat(output(out)).hasSize(46);

        assertThatThrownBy(() -> score(in.toString(), out, "random", Setting.NO_TIES))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model");
    }

    @Test
    void parquetRowsCarryMediaAsBytesAndJudgesAreAskedWithTheirRetries() throws Exception {
        byte[] png1 = org.omnireward.spark.TestImages.png(255, 0, 0);
        byte[] png2 = org.omnireward.spark.TestImages.png(0, 0, 255);
        StructType media = new StructType()
                .add("type", DataTypes.StringType)
                .add("path", DataTypes.StringType)
                .add("bytes", DataTypes.BinaryType);
        StructType schema = new StructType()
                .add("id", DataTypes.StringType)
                .add("task", DataTypes.StringType)
                .add("criteria", DataTypes.StringType)
                .add("prompt", DataTypes.StringType)
                .add("chosen", DataTypes.StringType)
                .add("rejected", DataTypes.StringType)
                .add("chosen_media", media)
                .add("rejected_media", media)
                .add("tie", DataTypes.BooleanType);
        List<Row> rows = List.of(
                RowFactory.create(
                        "img-1",
                        "t2i",
                        "Prefer red.",
                        "a red square",
                        null,
                        null,
                        RowFactory.create("image", "red.png", png1),
                        RowFactory.create("image", "blue.png", png2),
                        false),
                RowFactory.create("txt-1", "t2t", "Prefer yes.", "Yes?", "yes", "no", null, null, true));
        String in = dir.resolve("pairs.parquet").toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(in);

        String out = dir.resolve("judged").toString();
        SparkScore.Result r = score(in, out, "random", Setting.TIES);
        assertThat(r.written()).isEqualTo(2);
        Map<String, PredictionRecord> lines = output(out);
        assertThat(lines.get("img-1").failed()).isFalse();
        assertThat(lines.get("img-1").prediction()).isIn("response1", "response2", "tie");
        assertThat(lines.get("img-1").swapped()).isNotNull();
        assertThat(lines.get("img-1").setting()).isEqualTo("ties");
        assertThat(lines.get("txt-1").label()).isEqualTo("tie");

        // a scalar text model asked about an image task: a failed line of that kind, not a failed job
        String out2 = dir.resolve("length").toString();
        score(in, out2, "length", Setting.NO_TIES);
        Map<String, PredictionRecord> l2 = output(out2);
        assertThat(l2.get("img-1").errorKind()).isEqualTo("unsupported_task");
        assertThat(l2.get("txt-1").scores()).containsExactly(3.0, 2.0);
        assertThat(l2.get("txt-1").prediction()).isEqualTo("response1");
    }
}
