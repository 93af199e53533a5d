package org.omnireward.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.PredictionRecord;

/** A partition's file is opened with its first line and is in the output whole or not at all. */
class PartitionOutputTest {

    @TempDir
    Path dir;

    private static PredictionRecord line(String id) {
        return new PredictionRecord(
                id, "t2t", "no_ties", 0, "response1", "response1", false, null, false, false, null, 1, 5, null);
    }

    private long tmpFiles() throws Exception {
        Path tmp = dir.resolve(PartitionOutput.TMP);
        if (!Files.exists(tmp)) {
            return 0;
        }
        try (var files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".parquet"))
                    .count();
        }
    }

    @Test
    void noLineNoFileAndTheFirstLineOpensIt() throws Exception {
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(dir.toUri());
        try (PartitionOutput empty = new PartitionOutput(out, new Configuration())) {
            assertThat(tmpFiles()).isZero();
            assertThat(empty.commit(new org.apache.hadoop.fs.Path(out, "part-empty.parquet")))
                    .isFalse();
        }
        assertThat(tmpFiles()).isZero();
        assertThat(dir.resolve("part-empty.parquet")).doesNotExist();

        try (PartitionOutput output = new PartitionOutput(out, new Configuration())) {
            output.record(null, line("a"));
            assertThat(tmpFiles()).isEqualTo(1);
            output.record(null, line("b"));
            assertThat(output.commit(new org.apache.hadoop.fs.Path(out, "part-0.parquet")))
                    .isTrue();
            assertThat(output.lines()).isEqualTo(2);
            assertThatThrownBy(() -> output.record(null, line("late")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
        assertThat(dir.resolve("part-0.parquet")).exists();
        assertThat(tmpFiles()).isZero();
    }

    @Test
    void anUnfinishedFileIsDropped() throws Exception {
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(dir.toUri());
        try (PartitionOutput output = new PartitionOutput(out, new Configuration())) {
            output.record(null, line("a"));
        }
        assertThat(tmpFiles()).isZero();
    }
}
