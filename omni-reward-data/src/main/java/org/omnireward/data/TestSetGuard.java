package org.omnireward.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises files of public benchmark test sets by name, so that they are never used for training
 * (issue 3: RewardBench, Omni-RewardBench, the Anthropic HH-RLHF test splits, Auto-J's pairwise test
 * data, PandaLM's test set are reserved for evaluation). It looks at the file name and its two
 * parent folder names: any name containing {@code rewardbench} (also {@code reward-bench},
 * {@code reward_bench}), or a file whose name contains {@code test} under a folder named after
 * HH-RLHF, Auto-J or PandaLM. Record-level markers ({@code split}/{@code datasplit} = {@code test})
 * are checked by the JSON readers.
 */
public final class TestSetGuard {

    private TestSetGuard() {
    }

    /** Why {@code path} looks like a benchmark test set, or empty when it does not. */
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
        String file = names.get(0);
        for (String n : names) {
            String squashed = n.replace("-", "").replace("_", "");
            if (squashed.contains("rewardbench")) {
                return Optional.of("'" + n + "' names RewardBench/Omni-RewardBench, an evaluation benchmark");
            }
        }
        boolean testFile = file.contains("test");
        for (String n : names) {
            String squashed = n.replace("-", "").replace("_", "");
            if (testFile && squashed.contains("hhrlhf")) {
                return Optional.of("'" + file + "' looks like an Anthropic HH-RLHF test split");
            }
            if (testFile && squashed.contains("pandalm")) {
                return Optional.of("'" + file + "' looks like PandaLM's test set");
            }
            if (testFile && (squashed.contains("autoj"))) {
                return Optional.of("'" + file + "' looks like Auto-J's pairwise test data");
            }
        }
        return Optional.empty();
    }
}
