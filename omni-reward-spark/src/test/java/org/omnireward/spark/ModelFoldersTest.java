package org.omnireward.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.util.Json;
import org.omnireward.scalar.bt.BtModelFiles;
import org.omnireward.scalar.bt.EmbeddedProvider;

/** {@code bt:}/{@code rm:} folders through Hadoop's file system: used in place when local, else copied once per JVM. */
class ModelFoldersTest {

    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();

    /** The embedded model's files as a {@code bt:} folder. */
    private Path btFolder() throws Exception {
        Path model = dir.resolve("bt-model");
        Files.createDirectories(model);
        for (String name : List.of(BtModelFiles.MANIFEST, BtModelFiles.WEIGHTS)) {
            try (InputStream in = EmbeddedProvider.class.getResourceAsStream(EmbeddedProvider.RESOURCE_DIR + name)) {
                Files.copy(in, model.resolve(name));
            }
        }
        return model;
    }

    private Path pairs() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            lines.add(Json.mapper()
                    .createObjectNode()
                    .put("id", "q" + i)
                    .put("task", "t2t")
                    .put("criteria", "Prefer the answer that explains more.")
                    .put("prompt", "Why is the sky blue? (" + i + ")")
                    .put("chosen", "Sunlight is scattered by air molecules; blue light scatters most.")
                    .put("rejected", "It just is.")
                    .toString());
        }
        Path file = dir.resolve("pairs.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private Map<String, List<Double>> score(Path in, String model, String out) {
        SparkScore.Result r = SparkScore.run(
                spark,
                new SparkScore.Request(in.toString(), null, out, model, Map.of(), Setting.NO_TIES, 0L, 2, false, 2, 3),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(r.written()).isEqualTo(8);
        assertThat(r.failed()).isZero();
        return spark
                .read()
                .schema(PredictionParquet.SCHEMA)
                .parquet(ScoreInput.predictionFiles(out, spark.sparkContext().hadoopConfiguration())
                        .toArray(new String[0]))
                .collectAsList()
                .stream()
                .map(PredictionParquet::fromRow)
                .collect(Collectors.toMap(PredictionRecord::id, PredictionRecord::scores));
    }

    @Test
    void aFolderOnClusterStorageIsCopiedOncePerJvmAndScoresAsTheLocalOne() throws Exception {
        Path model = btFolder();
        Path in = pairs();
        Map<String, List<Double>> local =
                score(in, "bt:" + model.toUri(), dir.resolve("file-uri").toString());
        assertThat(CountingFileSystem.opens(model.resolve(BtModelFiles.WEIGHTS)))
                .isZero();

        // three partitions on two task slots: the folder is read once, the copy shared by every task
        String remote = "bt:counting://" + model.toAbsolutePath();
        Map<String, List<Double>> copied =
                score(in, remote, dir.resolve("counting").toString());
        assertThat(CountingFileSystem.opens(model.resolve(BtModelFiles.WEIGHTS)))
                .isEqualTo(1);
        assertThat(CountingFileSystem.opens(model.resolve(BtModelFiles.MANIFEST)))
                .isEqualTo(1);
        assertThat(copied).hasSize(8).isEqualTo(local);
        assertThat(copied.get("q0").get(0)).isGreaterThan(copied.get("q0").get(1));
    }

    @Test
    void localFoldersAreUsedInPlaceAndACopyIsRedoneWhenTheFolderChanges() throws Exception {
        Path model = btFolder();
        Configuration conf = new Configuration();
        ModelSpec inPlace = ModelFolders.localize(ModelSpec.parse("bt:" + model.toUri()), conf);
        assertThat(Path.of(inPlace.argument())).isEqualTo(model.toAbsolutePath());
        ModelSpec plain = ModelFolders.localize(ModelSpec.parse("rm:" + model), conf);
        assertThat(Path.of(plain.argument())).isEqualTo(model.toAbsolutePath());

        Path root = dir.resolve("copies");
        var fs = new org.apache.hadoop.fs.Path("counting://" + model.toAbsolutePath()).getFileSystem(conf);
        var remote = fs.makeQualified(new org.apache.hadoop.fs.Path("counting://" + model.toAbsolutePath()));
        Path first = ModelFolders.copyOnce(fs, remote, root);
        assertThat(ModelFolders.copyOnce(fs, remote, root)).isEqualTo(first);
        assertThat(first.resolve(BtModelFiles.WEIGHTS)).hasSameBinaryContentAs(model.resolve(BtModelFiles.WEIGHTS));
        // retrained into the same folder: a new copy
        Files.writeString(
                model.resolve(BtModelFiles.MANIFEST), Files.readString(model.resolve(BtModelFiles.MANIFEST)) + " ");
        Path second = ModelFolders.copyOnce(fs, remote, root);
        assertThat(second).isNotEqualTo(first);
        assertThat(second.resolve(BtModelFiles.MANIFEST)).hasSameTextualContentAs(model.resolve(BtModelFiles.MANIFEST));

        var missing = fs.makeQualified(new org.apache.hadoop.fs.Path("counting://" + dir.resolve("nope")));
        assertThatThrownBy(() -> ModelFolders.copyOnce(fs, missing, root))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("nope");
    }
}
