package org.omnireward.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;

/** The Dataset API: rows in, the same rows with the predictions.jsonl columns appended out. */
class OmniRewardSparkTest {

    private final SparkSession spark = SparkTestSession.get();

    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType)
            .add("task", DataTypes.StringType)
            .add("criteria", DataTypes.StringType)
            .add("prompt", DataTypes.StringType)
            .add("chosen", DataTypes.StringType)
            .add("rejected", DataTypes.StringType)
            .add("rollout_step", DataTypes.LongType);

    @Test
    void everyRowComesBackInOrderWithItsRewardsOrItsError() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(RowFactory.create("s" + i, "t2t", "Prefer longer.", "p", "x".repeat(i + 1), "yy", (long) i));
        }
        rows.add(RowFactory.create("no-criteria", "t2t", null, "p", "a", "b", 30L));
        rows.add(RowFactory.create("s1", "t2t", "Prefer longer.", "p", "a repeated id", "b", 31L));
        Dataset<Row> pairs = spark.createDataFrame(rows, SCHEMA).repartition(3);

        Dataset<Row> scored = OmniRewardSpark.score(pairs, OmniRewardSpark.options(spark, "length"));
        List<String> columns = List.of(scored.columns());
        assertThat(columns.subList(0, SCHEMA.size())).containsExactly(SCHEMA.fieldNames());
        assertThat(columns.subList(SCHEMA.size(), columns.size()))
                .containsExactlyElementsOf(OmniRewardSpark.RESULT_COLUMNS);

        List<Row> out = scored.orderBy("rollout_step").collectAsList();
        assertThat(out).hasSize(32);
        for (int i = 0; i < 30; i++) {
            Row r = out.get(i);
            assertThat(r.<Boolean>getAs("failed")).isFalse();
            assertThat(scala.jdk.javaapi.CollectionConverters.asJava(r.<scala.collection.Seq<Double>>getAs("scores")))
                    .containsExactly((double) i + 1, 2.0);
            if (i != 1) { // "xx" against "yy": a tie of scores, which no_ties breaks by its own rule
                assertThat(r.<String>getAs("prediction")).isEqualTo(i == 0 ? "response2" : "response1");
            }
        }
        Row bad = out.get(30);
        assertThat(bad.<Boolean>getAs("failed")).isTrue();
        assertThat(bad.<String>getAs("error_kind")).isEqualTo("invalid_record");
        assertThat(bad.<String>getAs("error")).contains("criteria");
        // the API keeps every row: a repeated id is scored as its own row
        assertThat(out.get(31).<String>getAs("id")).isEqualTo("s1");
        assertThat(scala.jdk.javaapi.CollectionConverters.asJava(
                        out.get(31).<scala.collection.Seq<Double>>getAs("scores")))
                .containsExactly((double) "a repeated id".length(), 1.0);
    }

    @Test
    void aColumnTheResultWouldAddIsRefused() {
        Dataset<Row> pairs = spark.createDataFrame(
                        List.of(RowFactory.create("a", "t2t", "c", "p", "x", "y", 1L)), SCHEMA)
                .withColumnRenamed("rollout_step", "scores");
        assertThatThrownBy(() -> OmniRewardSpark.score(pairs, OmniRewardSpark.options(spark, "length")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'scores'");
    }
}
