package org.omnireward.bench.report;

import static org.omnireward.bench.report.RunFixture.failed;
import static org.omnireward.bench.report.RunFixture.pairwise;
import static org.omnireward.bench.report.RunFixture.scalar;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Three hand-made runs shared by the rendering tests. */
final class SampleRuns {

    static final String EVIL_ID = "<script>alert(1)</script>";
    static final String EVIL_ERROR = "bad </td><script>alert('x')</script> & \"more\"";

    private SampleRuns() {}

    /**
     * judge-a: pairwise, both settings, text+image understanding only (t2i, t2v, t2a, t23d, ti2i,
     * tv2t, ta2t unsupported); scalar-b: scalar with tie thresholds; length: all nine tasks.
     * On t2t s0..s9 (no_ties): A wrong only on s9, B right on s0..s4, length right on all.
     */
    static List<Path> write(Path tmp) throws IOException {
        RunFixture a = new RunFixture("judge-a");
        a.setting("no_ties", 0.65, 0.64, "tv2t", "ta2t", "t2i", "t2v", "t2a", "t23d", "ti2i");
        a.task("no_ties", "t2t", 0.70, 300, 2, 0.65, 0.75, null);
        a.task("no_ties", "ti2t", 0.60, 200, 0, 0.53, 0.66, null);
        a.setting("ties", 0.55, 0.54, "tv2t", "ta2t", "t2i", "t2v", "t2a", "t23d", "ti2i");
        a.task("ties", "t2t", 0.58, 350, 1, 0.53, 0.63, null);
        a.task("ties", "ti2t", 0.52, 220, 0, 0.45, 0.59, null);
        RunFixture b = new RunFixture("scalar-b");
        b.setting("no_ties", 0.5, 0.5);
        b.setting("ties", 0.45, 0.45);
        RunFixture len = new RunFixture("length");
        len.setting("no_ties", 0.55, 0.55);
        len.setting("ties", 0.40, 0.40);
        String[] tasks = {"t2t", "ti2t", "tv2t", "ta2t", "t2i", "t2v", "t2a", "t23d", "ti2i"};
        for (int i = 0; i < tasks.length; i++) {
            b.task("no_ties", tasks[i], 0.40 + 0.02 * i, 100 + i, 0, 0.30, 0.50 + 0.02 * i, null);
            b.task("ties", tasks[i], 0.35 + 0.01 * i, 120 + i, 0, 0.28, 0.45, 0.125);
            len.task("no_ties", tasks[i], 0.5 + (i % 3) * 0.05, 100, 0, 0.4, 0.6, null);
            len.task("ties", tasks[i], 0.4, 110, 0, 0.3, 0.5, null);
        }
        for (int i = 0; i < 10; i++) {
            String id = "s" + i;
            a.line(pairwise(id, "t2t", "no_ties", "response1", i < 9 ? "response1" : "response2"));
            b.line(scalar(id, "t2t", "no_ties", "response1", i < 5 ? 0.9 : 0.1, 0.5));
            len.line(pairwise(id, "t2t", "no_ties", "response1", "response1"));
        }
        a.line(failed(EVIL_ID, "t2t", "no_ties", "response1", EVIL_ERROR));
        a.line(failed("s99", "ti2t", "ties", "tie", "retries exhausted"));
        return List.of(a.write(tmp.resolve("run-a")), b.write(tmp.resolve("run-b")), len.write(tmp.resolve("run-len")));
    }
}
