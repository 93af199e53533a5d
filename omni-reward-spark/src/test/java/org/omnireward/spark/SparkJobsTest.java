package org.omnireward.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelSpec;

/** How a job sizes and places its models: threads per executor, the cache on executor-local disk. */
class SparkJobsTest {

    private static SparkConf conf(String master) {
        return new SparkConf(false).setMaster(master);
    }

    @Test
    void onAClusterTheCachesAreOnTheExecutorsLocalDiskAndTheEncoderGetsTheExecutorsSlots() {
        ModelRecipe yarn = SparkJobs.recipe(conf("yarn").set("spark.executor.cores", "4"), "embedded", Map.of());
        assertThat(yarn.cacheDir()).isEqualTo(SparkJobs.CLUSTER_CACHE_DIR);
        assertThat(yarn.threads()).isEqualTo(4);
        assertThat(ExecutorModels.sized(yarn.modelSpec(), yarn.threads()).options())
                .containsEntry("threads", "4");

        ModelRecipe k8s = SparkJobs.recipe(
                conf("k8s://https://api:6443").set(SparkJobs.CACHE_DIR_CONF, "/mnt/ssd/cache"), "random", Map.of());
        assertThat(k8s.cacheDir()).isEqualTo("/mnt/ssd/cache");
        assertThat(k8s.threads()).isZero();
        // a model without a threads option is left as it is; a user's own setting wins
        assertThat(ExecutorModels.sized(ModelSpec.parse("random"), 4).options()).doesNotContainKey("threads");
        assertThat(ExecutorModels.sized(ModelSpec.parse("embedded", Map.of("threads", "1")), 4)
                        .options())
                .containsEntry("threads", "1");
    }

    @Test
    void inLocalModeTheUsersCacheIsKeptAndThreadsFollowTheMaster() {
        ModelRecipe local = SparkJobs.recipe(conf("local[2]"), "embedded", Map.of());
        assertThat(local.cacheDir()).isNull();
        assertThat(local.threads()).isEqualTo(2);
        assertThat(SparkJobs.recipe(conf("local"), "length", Map.of()).threads())
                .isEqualTo(1);
        assertThat(SparkJobs.recipe(conf("local[*]"), "length", Map.of()).threads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void aBadSpecFailsOnTheDriverBeforeAnyTask() {
        assertThatThrownBy(() -> SparkJobs.recipe(conf("local[2]"), "no-such-model", Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no-such-model");
        assertThatThrownBy(() -> SparkJobs.recipe(conf("local[2]"), "embedded", Map.of("treads", "2")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("treads");
    }
}
