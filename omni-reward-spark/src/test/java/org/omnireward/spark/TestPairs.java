package org.omnireward.spark;

import org.omnireward.core.util.Json;

/** Unified JSONL lines of tiny text pairs for the Spark tests: {@code r<n>}, its own prompt and answers. */
final class TestPairs {

    private TestPairs() {}

    /** The pair {@code r<n>} as one unified JSONL line. */
    static String line(int n) {
        return Json.mapper()
                .createObjectNode()
                .put("id", "r" + n)
                .put("task", "t2t")
                .put("criteria", "Prefer the first.")
                .put("prompt", "prompt " + n)
                .put("chosen", "yes " + n)
                .put("rejected", "no " + n)
                .toString();
    }
}
