package org.omnireward.perf;

import java.util.concurrent.CountDownLatch;

/**
 * The chat server of {@code perf/spark-judge}: {@code perf/run judge}'s {@link LocalChatServer}
 * (keep-alive, one thread per connection, the same answer) in a JVM of its own, so that the figure
 * measures the judge through Spark rather than the server.
 *
 * <pre>
 * java -cp perf/target/omni-reward-perf.jar org.omnireward.perf.SparkJudgeServer DELAY_MS
 *     prints the port, serves until stopped (SIGTERM), then prints "served N requests on K connections"
 * java -cp … org.omnireward.perf.SparkJudgeServer DELAY_MS --bare CALLS CONCURRENCY
 *     the ceiling: perf/run judge's bare client (a blocking HttpURLConnection per thread) against the
 *     same server in this JVM, after a warm-up of CALLS / 4; prints "bare client: R requests/s"
 * </pre>
 */
public final class SparkJudgeServer {

    private SparkJudgeServer() {}

    /** See the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1 && !(args.length == 4 && args[1].equals("--bare"))) {
            System.err.println("usage: SparkJudgeServer DELAY_MS [--bare CALLS CONCURRENCY]");
            System.exit(2);
        }
        long delayMs = Long.parseLong(args[0]);
        LocalChatServer server = new LocalChatServer(JudgeThroughputBench.ANSWER, delayMs);
        if (args.length == 4) {
            int calls = Integer.parseInt(args[2]);
            int concurrency = Integer.parseInt(args[3]);
            JudgeThroughputBench.rawClient(server.port(), Math.max(concurrency, calls / 4), concurrency);
            JudgeThroughputBench.Phase bare = JudgeThroughputBench.rawClient(server.port(), calls, concurrency);
            System.out.printf("bare client: %.1f requests/s%n", bare.rate());
            server.close();
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> System.out.println(
                        "served " + server.served() + " requests on " + server.connections() + " connections")));
        System.out.println(server.port());
        System.out.flush();
        new CountDownLatch(1).await(); // until the JVM is stopped
    }
}
