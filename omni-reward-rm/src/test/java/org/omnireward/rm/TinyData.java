package org.omnireward.rm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.omnireward.core.PreferencePair;
import org.omnireward.data.UnifiedJsonlWriter;

/** Small made-up preference files for the trainer's tests (the answer that names the capital wins). */
final class TinyData {

    private static final String[][] FACTS = {
        {"France", "Paris", "Lyon"}, {"Italy", "Rome", "Milan"}, {"Spain", "Madrid", "Seville"},
        {"Germany", "Berlin", "Munich"}, {"Japan", "Tokyo", "Osaka"}, {"Canada", "Ottawa", "Toronto"},
        {"Australia", "Canberra", "Sydney"}, {"Brazil", "Brasilia", "Rio"}, {"Egypt", "Cairo", "Alexandria"},
        {"Kenya", "Nairobi", "Mombasa"}, {"Peru", "Lima", "Cusco"}, {"Norway", "Oslo", "Bergen"},
        {"Chile", "Santiago", "Valparaiso"}, {"India", "New Delhi", "Mumbai"}, {"Turkey", "Ankara", "Istanbul"},
        {"Poland", "Warsaw", "Krakow"},
    };

    private TinyData() {}

    /** Pairs {@code from} … {@code to − 1} of the facts. */
    static List<PreferencePair> pairs(int from, int to) {
        List<PreferencePair> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String[] f = FACTS[i % FACTS.length];
            out.add(PreferencePair.text(
                    "tiny-" + i,
                    "g" + i,
                    "Prefer the correct answer.",
                    "What is the capital of " + f[0] + "?",
                    "The capital of " + f[0] + " is " + f[1] + ".",
                    "The capital of " + f[0] + " is " + f[2] + ".",
                    "tiny"));
        }
        return out;
    }

    /** Writes pairs {@code from} … {@code to − 1} as unified JSONL. */
    static Path write(Path file, int from, int to) {
        UnifiedJsonlWriter.writeAll(file, pairs(from, to));
        return file;
    }
}
