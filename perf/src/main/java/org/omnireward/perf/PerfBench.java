package org.omnireward.perf;

import java.util.Arrays;
import java.util.Locale;

/**
 * Entry point of the harness benchmarks ({@code perf/run}). Each benchmark prints its figures and
 * a ratio against a baseline measured in the same process, so numbers from different machines can
 * be compared by their ratios.
 */
public final class PerfBench {

    private PerfBench() {}

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        // the JVM-wide settings the omni-reward launcher gives the library (which never sets them itself)
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "256");
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        String what = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (what) {
            case "overhead" -> RunnerOverheadBench.main(rest);
            case "concurrency" -> ConcurrencyBench.main(rest);
            case "memory" -> MemoryBench.main(rest);
            case "scalar" -> ScalarBench.main(rest);
            case "rm" -> RmBench.main(rest);
            case "rm-peer" -> RmPeerBench.main(rest);
            case "encoders" -> EncoderBench.main(rest);
            case "judge" -> JudgeThroughputBench.main(rest);
            case "media" -> MediaBench.main(rest);
            case "serve" -> ServeBench.main(rest);
            case "data" -> DataBench.main(rest);
            case "explore" -> ExploreBench.main(rest);
            case "all" -> {
                RunnerOverheadBench.main(rest);
                ConcurrencyBench.main(rest);
                MemoryBench.main(rest);
            }
            default -> {
                System.out.println("""
                        usage: perf/run overhead|concurrency|memory|encoders|scalar|judge|media|serve|data|explore|rm|all [options]
                          overhead     [--samples 100000]        runner vs a bare predict-and-append loop
                          concurrency  [--calls 2560] [--concurrency 64] [--sleep-ms 50]
                          judge        [--rounds 2] [--replicas 1] [--calls N] [--concurrency C --delay-ms D]
                                       openai judge vs a bare client: 200 ms / 64 (throughput goal) and 20 ms / 32 (CPU goal),
                                       or one scenario when --concurrency/--delay-ms are given
                          scalar       [--pairs 400] [--epochs 2] [--alpaca-eval DIR]
                          memory       [--media-mb 2048] [--xmx 512m] [--layout json|hf] [--dir DIR] [--keep]
                          media        [--frames 10] [--clip-seconds 300] [--runs 5] [--image-rounds 20] [--data SHARED_DATA_DIR] [--skip-frames] [--skip-images]
                          serve        [--scenarios throughput,overload,slow,memory] [--clients 64] [--seconds 60] [--warmup-seconds 15] [--max-batch 32] [--soak-minutes 0] [--sample-seconds 30]
                                       [--overload-clients 128] [--queries 4] [--overload-timeout 2s] [--overload-seconds 40] [--overload-warmup 10]
                                       [--probe-clients 8] [--slow-clients 200] [--phase-seconds 20] [--slow-rounds 2] [--connections 500]
                          data         [--records 100000,1000000] [--xmx 256m] [--pairs 600] [--concurrency 32] [--delay-ms 50] [--skip-pipeline] [--skip-synthesis]
                          explore      [--lines 10000,100000] [--runs 2] [--attempts 3] [--xmx 256m] [--baseline DIR] [--skip-no-archive] [--dir DIR --keep]
                                       ./omni-reward explore as a user starts it, with and without its class archive, against
                                       another build (DIR: perf/explore-baseline): launch to first page, filters, heap
                          encoders     [--texts 2000] [--pairs 2000] [--data SHARED_DATA_DIR] [--skip-speed] [--skip-quality] [--cache-dir DIR] [--l2 0.1]
                        """);
                if (!what.equals("help")) {
                    System.exit(2);
                }
            }
        }
    }

    /** The value after {@code --name}, or {@code fallback}. */
    static String opt(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    static boolean flag(String[] args, String name) {
        return Arrays.asList(args).contains(name);
    }
}
