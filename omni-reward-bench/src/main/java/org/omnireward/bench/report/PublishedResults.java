package org.omnireward.bench.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;

/**
 * Published accuracies on the official Omni-RewardBench (protocol.md, "Published numbers"), shown in reports as reference
 * rows. They are numbers from the paper, not results of this tool, and compare meaningfully only
 * with runs over the full official benchmark. Values are percentages.
 */
public final class PublishedResults {

    /** Where the numbers come from, for captions. */
    public static final String SOURCE =
            "published reference values for the official Omni-RewardBench (Omni-Reward paper; docs/protocol.md)";

    /**
     * One published model.
     *
     * @param model         the model as named in the paper
     * @param overallNoTies overall accuracy w/o ties in %, or null when not published
     * @param overallTies   overall accuracy w/ ties in %, or null when not published
     * @param tiesPerTask   per-task accuracy w/ ties in % (empty when not published)
     * @param note          a remark on the number, or null
     */
    public record Entry(
            String model, Double overallNoTies, Double overallTies, Map<Task, Double> tiesPerTask, String note) {

        public Entry {
            tiesPerTask = Collections.unmodifiableMap(
                    tiesPerTask.isEmpty() ? new EnumMap<>(Task.class) : new EnumMap<>(tiesPerTask));
        }

        /** The overall accuracy of a setting in %, or null. */
        public Double overall(Setting setting) {
            return setting == Setting.TIES ? overallTies : overallNoTies;
        }

        /** The per-task accuracy of a setting in %, or null. */
        public Double task(Setting setting, Task task) {
            return setting == Setting.TIES ? tiesPerTask.get(task) : null;
        }
    }

    /** Omni-RewardModel-BT, the paper's discriminative model, with its per-task w/ ties numbers. */
    public static final Entry OMNI_REWARD_MODEL_BT =
            new Entry("Omni-RewardModel-BT (MiniCPM-o-2.6 + value head)", 73.68, 65.36, btTiesPerTask(), null);

    /** All published entries, best first as in protocol.md, "Published numbers". */
    public static final List<Entry> ALL = List.of(
            OMNI_REWARD_MODEL_BT,
            new Entry("Claude 3.5 Sonnet (judge)", null, 66.54, Map.of(), null),
            new Entry("Gemma-3 27B (judge)", null, 65.12, Map.of(), null),
            new Entry("Omni-RewardModel-R1 (Qwen2.5-VL-7B + GRPO)", null, 60.18, Map.of(), null),
            new Entry("UnifiedReward 1.5 (best specialised RM)", null, 59.69, Map.of(), null),
            new Entry("MiniCPM-o-2.6 base", 46.67, null, Map.of(), "as reported"));

    private PublishedResults() {}

    private static Map<Task, Double> btTiesPerTask() {
        Map<Task, Double> m = new EnumMap<>(Task.class);
        m.put(Task.T2T, 75.30);
        m.put(Task.TI2T, 60.23);
        m.put(Task.TV2T, 68.85);
        m.put(Task.TA2T, 70.59);
        m.put(Task.T2I, 58.35);
        m.put(Task.T2V, 64.08);
        m.put(Task.T2A, 63.99);
        m.put(Task.T23D, 67.88);
        m.put(Task.TI2I, 58.95);
        return m;
    }
}
