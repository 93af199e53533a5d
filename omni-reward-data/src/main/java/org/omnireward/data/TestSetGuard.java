package org.omnireward.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises files of test sets, so that they are never used for training (RewardBench,
 * Omni-RewardBench, the Anthropic HH-RLHF test splits, Auto-J's pairwise test data, PandaLM's test set
 * and every other split named {@code test} are reserved for evaluation). Two rules look at the file name
 * and its two parent folder names; each refusal names its rule:
 * <ul>
 * <li><b>benchmark name</b>: a name that contains an evaluation benchmark's name ({@code rewardbench},
 * also {@code reward-bench}/{@code reward_bench}, which covers Omni-, VL- and Multimodal-RewardBench;
 * {@code mj-bench}, {@code genai-bench}, {@code mllm-as-a-judge});</li>
 * <li><b>split name</b>: a file whose name, split at every character that is not a letter or digit, has a
 * part {@code test}, {@code tests}, {@code testset}, {@code testdata} or {@code testing}
 * ({@code test.jsonl.gz}, {@code test-00000-of-00001.parquet}, {@code pairwise_testdata.jsonl}), or that
 * sits in a folder named so.</li>
 * </ul>
 * Records are checked too, by the readers: a {@code split}/{@code datasplit} of {@code test}, or a
 * {@code provenance.benchmark} entry (records converted from a benchmark), makes the record
 * {@link SkipReason#BENCHMARK_TEST_SPLIT}.
 */
public final class TestSetGuard {

    private static final Set<String> SPLIT_WORDS = Set.of("test", "tests", "testset", "testdata", "testing");
    private static final List<String> BENCHMARKS = List.of("rewardbench", "mjbench", "genaibench", "mllmasajudge");

    private TestSetGuard() {}

    /** Why {@code path} looks like a test set, naming the rule, or empty when it does not. */
    public static Optional<String> reason(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        List<String> names = new ArrayList<>();
        Path p = abs;
        for (int i = 0; i < 3 && p != null && p.getFileName() != null; i++, p = p.getParent()) {
            names.add(p.getFileName().toString().toLowerCase(Locale.ROOT));
        }
        if (names.isEmpty()) {
            return Optional.empty();
        }
        for (String n : names) {
            String squashed = n.replaceAll("[^a-z0-9]", "");
            for (String b : BENCHMARKS) {
                if (squashed.contains(b)) {
                    return Optional.of(
                            "test-set guard, rule 'benchmark name': '" + n + "' names an evaluation" + " benchmark");
                }
            }
        }
        for (int i = 0; i < names.size(); i++) {
            for (String part : names.get(i).split("[^a-z0-9]+")) {
                if (SPLIT_WORDS.contains(part)) {
                    String what =
                            i == 0 ? "the file name '" + names.get(0) + "'" : "the folder name '" + names.get(i) + "'";
                    return Optional.of("test-set guard, rule 'split name': " + what + " marks a test split"
                            + known(names) + " (if this is training data of your own, rename it)");
                }
            }
        }
        return Optional.empty();
    }

    /** Names the public set a test split belongs to, when a folder name says. */
    private static String known(List<String> names) {
        for (String n : names) {
            String squashed = n.replaceAll("[^a-z0-9]", "");
            if (squashed.contains("hhrlhf") || squashed.contains("harmlessbase") || squashed.contains("helpfulbase")) {
                return ", of Anthropic HH-RLHF";
            }
            if (squashed.contains("pandalm")) {
                return ", of PandaLM";
            }
            if (squashed.contains("autoj")) {
                return ", of Auto-J";
            }
        }
        return "";
    }
}
