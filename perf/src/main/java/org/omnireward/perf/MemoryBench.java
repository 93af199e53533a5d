package org.omnireward.perf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.omnireward.bench.run.BenchmarkRunner;
import org.omnireward.bench.run.ProgressListener;
import org.omnireward.bench.run.RunResult;
import org.omnireward.core.AbstractScalarRewardModel;
import org.omnireward.core.MediaRef;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.benchmark.BenchmarkLoader;
import org.omnireward.data.benchmark.BenchmarkSource;
import org.omnireward.data.benchmark.LoadOptions;

/**
 * Memory: generates a benchmark in the official JSON layout whose media total {@code --media-mb}
 * (2 GB by default; t2i samples with two large incompressible image files each), then runs it in
 * a child JVM limited to {@code --xmx} (512 MB by default) with a model that streams every media
 * byte through a CRC. Prints whether it completed, the bytes read, and the child's peak heap as a
 * fraction of the media size and of the heap limit.
 */
final class MemoryBench {

    private static final int FILE_MB = 8;
    /** Samples per generated parquet file (16 × 2 × 8 MB = 256 MB of bytes per file). */
    private static final int BATCH = 16;

    private MemoryBench() {}

    static void main(String[] args) throws Exception {
        long mediaMb = Long.parseLong(PerfBench.opt(args, "--media-mb", "2048"));
        String xmx = PerfBench.opt(args, "--xmx", "512m");
        String dirOpt = PerfBench.opt(args, "--dir", null);
        boolean keep = PerfBench.flag(args, "--keep");
        String layout = PerfBench.opt(args, "--layout", "json");
        if (!layout.equals("json") && !layout.equals("hf")) {
            throw new IllegalArgumentException("--layout must be json or hf");
        }
        Path dir = dirOpt != null ? Path.of(dirOpt) : Files.createTempDirectory("omni-perf-memory");
        try {
            long t0 = System.nanoTime();
            long bytes = generate(dir.resolve("data"), mediaMb);
            if (layout.equals("hf")) {
                toParquet(dir.resolve("data"));
            }
            System.out.printf(
                    "memory: generated %,d MB of media in %s, layout %s (%s) (%.1f s)%n",
                    bytes >> 20,
                    dir,
                    layout,
                    layout.equals("hf") ? "parquet with the image bytes embedded" : "JSON with media files",
                    (System.nanoTime() - t0) / 1e9);
            String jar = Path.of(MemoryBench.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
            ProcessBuilder pb = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx" + xmx,
                            "-cp",
                            jar,
                            Child.class.getName(),
                            dir.resolve("data").toString(),
                            dir.resolve("run").toString())
                    .inheritIO();
            long t1 = System.nanoTime();
            int code = pb.start().waitFor();
            double secs = (System.nanoTime() - t1) / 1e9;
            System.out.printf(
                    "  child JVM -Xmx%s exit code %d after %.1f s (%s)%n",
                    xmx, code, secs, code == 0 ? "completed" : "FAILED");
            if (code != 0) {
                System.exit(1);
            }
        } finally {
            if (!keep) {
                RunnerOverheadBench.deleteTree(dir);
            }
        }
    }

    /** Writes {@code text_to_image_preferences.json} and its media under {@code data/media_data}. */
    static long generate(Path data, long mediaMb) throws IOException {
        Path media = data.resolve("media_data").resolve("t2i");
        Files.createDirectories(media);
        int files = (int) Math.max(2, mediaMb / FILE_MB);
        int samples = files / 2;
        Random rnd = new Random(42);
        byte[] chunk = new byte[1 << 20];
        long total = 0;
        ArrayNode array = Json.mapper().createArrayNode();
        for (int i = 0; i < samples; i++) {
            ObjectNode o = array.addObject();
            o.put("id", "mem-" + i);
            o.put("prompt", "a large image number " + i);
            o.put("criteria", "Prefer the image with the larger checksum.");
            o.put("criteria_preference", i % 2 == 0 ? "response1" : "response2");
            o.put("model1", "gen-a");
            o.put("model2", "gen-b");
            for (int side = 1; side <= 2; side++) {
                String rel = "t2i/b" + (i / BATCH) + "/" + i + "_" + side + ".png";
                Files.createDirectories(data.resolve("media_data").resolve(rel).getParent());
                try (OutputStream out =
                        Files.newOutputStream(data.resolve("media_data").resolve(rel))) {
                    for (int k = 0; k < FILE_MB; k++) {
                        rnd.nextBytes(chunk);
                        out.write(chunk);
                    }
                }
                total += (long) FILE_MB << 20;
                o.put("response" + side + "_path", rel);
            }
        }
        Json.mapper().writeValue(data.resolve("text_to_image_preferences.json").toFile(), array);
        return total;
    }

    /**
     * Rewrites the JSON benchmark as a Hugging Face parquet snapshot whose image columns embed the
     * bytes ({@code struct{bytes, path}}), then deletes the JSON file and the media files.
     */
    static void toParquet(Path data) throws Exception {
        Path json = data.resolve("text_to_image_preferences.json");
        Path media = data.resolve("media_data");
        Path out = data.resolve("text_to_image");
        Files.createDirectories(out);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                java.sql.Statement st = c.createStatement()) {
            st.execute("SET memory_limit='2GB'");
            st.execute("SET threads=1");
            st.execute("SET preserve_insertion_order=false");
            String m = media.toString().replace("'", "''");
            String j = json.toString().replace("'", "''");
            try (java.util.stream.Stream<Path> batches = Files.list(media.resolve("t2i"))) {
                for (Path batch : batches.sorted().toList()) {
                    String b = batch.getFileName().toString();
                    st.execute("COPY (SELECT j.id, j.prompt, j.criteria, j.criteria_preference, j.model1, j.model2, "
                            + "{'bytes': b1.content, 'path': j.response1_path} AS response1, "
                            + "{'bytes': b2.content, 'path': j.response2_path} AS response2, "
                            + "j.response1_path, j.response2_path "
                            + "FROM (SELECT * FROM read_json('" + j + "') WHERE response1_path LIKE 't2i/" + b
                            + "/%') j "
                            + "JOIN read_blob('" + m + "/t2i/" + b + "/*') b1 ON b1.filename = '" + m
                            + "/' || j.response1_path "
                            + "JOIN read_blob('" + m + "/t2i/" + b + "/*') b2 ON b2.filename = '" + m
                            + "/' || j.response2_path) "
                            + "TO '"
                            + out.resolve("test-" + b + ".parquet").toString().replace("'", "''")
                            + "' (FORMAT parquet, ROW_GROUP_SIZE 16)");
                }
            }
        }
        Files.delete(json);
        RunnerOverheadBench.deleteTree(media);
    }

    /** The run in the memory-limited child JVM. */
    public static final class Child {
        private Child() {}

        public static void main(String[] args) throws Exception {
            Path data = Path.of(args[0]);
            Path out = Path.of(args[1]);
            StreamingDigestModel model = new StreamingDigestModel();
            RunResult r;
            try (BenchmarkSource source = BenchmarkLoader.open(data, LoadOptions.defaults())) {
                r = BenchmarkRunner.builder()
                        .setSource(source)
                        .setModel(model)
                        .setOutDir(out)
                        .optModelSpec(ModelSpec.parse("digest"))
                        .optConcurrency(4)
                        .optProgress(ProgressListener.none())
                        .build()
                        .run();
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            long max = Runtime.getRuntime().maxMemory();
            long read = model.bytesRead.get();
            System.out.printf(
                    "  lines %,d, failed %d; media bytes streamed %,d MB%n", r.written(), r.failed(), read >> 20);
            System.out.printf(
                    "  peak heap (sum of pool peaks) %,d MB = %.3f of the media read, %.2f of the heap limit %,d MB%n",
                    peak >> 20, (double) peak / Math.max(1, read), (double) peak / max, max >> 20);
            System.out.printf("  peak resident set (VmHWM, heap + native) %s%n", vmHwm());
            if (r.failed() != 0) {
                System.exit(3);
            }
        }

        private static String vmHwm() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return line.substring(6).trim();
                    }
                }
            } catch (IOException e) {
                // not Linux
            }
            return "n/a";
        }
    }

    /** Scores a media response by streaming it through a CRC; never holds a whole file. */
    static final class StreamingDigestModel extends AbstractScalarRewardModel {
        final AtomicLong bytesRead = new AtomicLong();

        @Override
        public String name() {
            return "digest";
        }

        @Override
        public Set<Task> supportedTasks() {
            return EnumSet.of(Task.T2I);
        }

        @Override
        protected double[] doScoreBatch(List<ScoringRequest> requests) {
            double[] out = new double[requests.size()];
            byte[] buf = new byte[64 * 1024];
            for (int i = 0; i < out.length; i++) {
                MediaRef m = requests.get(i).response().media().orElseThrow();
                CRC32 crc = new CRC32();
                try (InputStream in = m.open()) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        crc.update(buf, 0, n);
                        bytesRead.addAndGet(n);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                out[i] = (crc.getValue() & 0xffff) / 65536.0;
            }
            return out;
        }
    }
}
