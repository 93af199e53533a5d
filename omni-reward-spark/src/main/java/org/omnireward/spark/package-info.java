/**
 * Omni-Reward on Apache Spark: {@code spark score} and {@code spark bench} (see docs/spark.md), and
 * {@link org.omnireward.spark.OmniRewardSpark}, a {@code Dataset<Row>} in and a {@code Dataset<Row>}
 * with rewards out. Models come from the SPI ({@code RewardModels.create}), one instance per executor
 * JVM ({@link org.omnireward.spark.ExecutorModels}); samples become prediction lines through the
 * same evaluator as {@code bench run}, and summaries through the same metrics code.
 */
package org.omnireward.spark;
