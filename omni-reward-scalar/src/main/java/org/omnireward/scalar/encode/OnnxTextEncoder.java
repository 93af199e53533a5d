package org.omnireward.scalar.encode;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.NonRetriableException;
import org.omnireward.scalar.Encoder;

/**
 * A sentence encoder that runs one of the ONNX models shipped in LangChain4j's
 * {@code langchain4j-embeddings-*} jars in-process, on a pool of worker threads. Create it through
 * {@link TextEncoders#create(String)}; one instance is thread-safe and meant to be shared.
 *
 * <p>It uses LangChain4j's own pipeline ({@link OnnxBertBiEncoder}: the model's HuggingFace
 * tokenizer, one ONNX run per text, mean or CLS pooling, L2 normalisation) on the model and
 * tokenizer files of those jars, but with its own ONNX session limited to one intra-op thread, so
 * that the worker threads (one per core) do not each start a thread per core: measured about 20 %
 * faster on 2 cores than LangChain4j's model classes, whose shared session uses all cores per text.
 *
 * <p><b>Truncation.</b> The model sees at most {@link #maxTokens()} word pieces of a text (126 for
 * all-MiniLM-L6-v2, 510 for bge-small-en-v1.5: 128 and 512 with {@code [CLS]}/{@code [SEP]}); the
 * rest is ignored. This comes from the tokenizers in those jars, not from us: MiniLM's
 * {@code tokenizer.json} truncates at 128 tokens, and DJL gives the bge tokenizer, which declares no
 * limit, its default of 512; so LangChain4j's averaging over 510-token partitions never runs for
 * these two models. Tokenising is slow, though (about 0.35 µs per character with DJL), and
 * LangChain4j tokenises the whole text before truncating, so before that we cut every text to
 * {@value #CHARS_PER_WORD_PIECE} characters per word piece of the limit ({@link #maxChars()}: 4,032
 * for MiniLM, 16,320 for bge), which bounds the cost of one text. Of the 35,588 distinct AlpacaEval
 * outputs, the longest span of 126 word pieces takes 24 characters per piece (whitespace-padded
 * text; the 99th percentile is 6), so the cut removes only text the model would not have seen. {@link #canonicalText} is that cut, after replacing unpaired surrogates by
 * U+FFFD (which the BERT normaliser then drops) and stripping outer whitespace; the cache keys
 * vectors by the hash of that text.
 *
 * <p><b>Empty text.</b> A text with no word piece (empty, whitespace only, only control or
 * zero-width characters) is encoded as the model's output for the empty input {@code [CLS] [SEP]},
 * pooled and normalised like any other text: a fixed unit vector, computed once per instance.
 * {@code null} texts are rejected with an error naming their index.
 */
public final class OnnxTextEncoder implements Encoder {

    /** Characters kept per word piece of the limit before tokenising; see the class comment. */
    public static final int CHARS_PER_WORD_PIECE = 32;

    /** What one shipped model consists of. */
    record ModelFiles(
            String modelName,
            String artifactId,
            String onnxResource,
            String tokenizerResource,
            PoolingMode pooling,
            int dimension) {}

    private final String id;
    private final int dimension;
    private final int maxWordPieces;
    private final HuggingFaceTokenizer tokenizer;
    private final OrtSession.SessionOptions sessionOptions;
    private final OrtSession session;
    private final ExecutorService executor;
    private final InProcessModel model;
    private final float[] emptyVector;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxTextEncoder(
            String id,
            ModelFiles files,
            HuggingFaceTokenizer tokenizer,
            OrtSession.SessionOptions sessionOptions,
            OrtSession session,
            OnnxBertBiEncoder biEncoder,
            ExecutorService executor) {
        this.id = id;
        this.dimension = files.dimension();
        this.tokenizer = tokenizer;
        this.maxWordPieces = tokenizer.getMaxLength() - 2;
        this.sessionOptions = sessionOptions;
        this.session = session;
        this.executor = executor;
        this.model = new InProcessModel(executor, biEncoder, files.dimension());
        this.emptyVector = encodeEmptyInput(files);
    }

    /** Loads {@code files} from the classpath with {@code threads} worker threads. */
    static OnnxTextEncoder load(ModelFiles files, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        String id = files.modelName() + "@" + artifactVersion(files.artifactId());
        byte[] onnx = resource(files.onnxResource(), files.artifactId());
        byte[] tokenizerJson = resource(files.tokenizerResource(), files.artifactId());
        HuggingFaceTokenizer tokenizer = null;
        OrtSession.SessionOptions options = null;
        OrtSession session = null;
        try {
            // The same options LangChain4j's OnnxBertBiEncoder uses, so that both cut texts alike.
            tokenizer = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(tokenizerJson), Map.of("padding", "false"));
            if (tokenizer.getMaxLength() < 3) {
                throw new IllegalStateException("tokenizer " + files.tokenizerResource() + " allows only "
                        + tokenizer.getMaxLength() + " tokens");
            }
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            session = environment.createSession(onnx, options);
            OnnxBertBiEncoder biEncoder = new OnnxBertBiEncoder(
                    environment, session, new ByteArrayInputStream(tokenizerJson), files.pooling());
            return new OnnxTextEncoder(
                    id, files, tokenizer, options, session, biEncoder, workers(files.modelName(), threads));
        } catch (IOException | OrtException | RuntimeException e) {
            closeQuietly(session);
            closeQuietly(options);
            closeQuietly(tokenizer);
            throw new IllegalStateException("cannot load text encoder " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The most word pieces of one text the model reads (without {@code [CLS]} and {@code [SEP]}). */
    @Override
    public int maxTokens() {
        return maxWordPieces;
    }

    /**
     * See the class comment: unpaired surrogates replaced, outer whitespace stripped, cut to
     * {@link #maxChars()}; {@code ""} for a text in which the tokenizer finds no word piece.
     */
    @Override
    public String canonicalText(String text) {
        if (text == null) {
            throw new InvalidInputException("text is null (encoder " + id + ")");
        }
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return canonicalize(text);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private String canonicalize(String text) {
        String clean = Texts.prefix(Texts.replaceUnpairedSurrogates(text).strip(), maxChars())
                .strip();
        if (clean.isEmpty()
                || !Texts.hasAsciiLetterOrDigit(clean)
                        && tokenizer.encode(clean).getIds().length <= 2) {
            return "";
        }
        return clean;
    }

    /** The most characters of a text this encoder keeps: {@value #CHARS_PER_WORD_PIECE} per word piece of {@link #maxTokens()}. */
    public int maxChars() {
        return CHARS_PER_WORD_PIECE * maxWordPieces;
    }

    @Override
    public List<float[]> encodeTexts(List<String> texts) {
        if (texts == null) {
            throw new InvalidInputException("the list of texts is null (encoder " + id + ")");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new InvalidInputException("text " + i + " of " + texts.size() + " is null (encoder " + id + ")");
            }
        }
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            List<String> canonical = new ArrayList<>(texts.size());
            List<TextSegment> segments = new ArrayList<>();
            for (String text : texts) {
                String c = canonicalize(text);
                canonical.add(c);
                if (!c.isEmpty()) {
                    segments.add(TextSegment.from(c));
                }
            }
            List<Embedding> embedded = segments.isEmpty() ? List.of() : embed(segments);
            List<float[]> vectors = new ArrayList<>(texts.size());
            int next = 0;
            for (String c : canonical) {
                vectors.add(
                        c.isEmpty() ? emptyVector.clone() : embedded.get(next++).vector());
            }
            return vectors;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private List<Embedding> embed(List<TextSegment> segments) {
        try {
            return model.embedAll(segments).content();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new NonRetriableException(
                    "text encoder " + id + " failed on a batch of " + segments.size() + " texts: " + root, e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("text encoder " + id + " is closed");
        }
    }

    /** Stops the worker threads (after the running batches) and frees the ONNX session and tokenizer. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            executor.shutdown();
            closeQuietly(session);
            closeQuietly(sessionOptions);
            tokenizer.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return id + " (d=" + dimension + ", " + maxWordPieces + " word pieces)";
    }

    /** Runs the model on {@code [CLS] [SEP]} and pools and normalises the output as for any text. */
    private float[] encodeEmptyInput(ModelFiles files) {
        Encoding encoding = tokenizer.encode("");
        long[] shape = {1, encoding.getIds().length};
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OnnxTensor ids = OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getIds()), shape);
                OnnxTensor mask =
                        OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getAttentionMask()), shape);
                OnnxTensor types =
                        OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getTypeIds()), shape)) {
            Map<String, OnnxTensor> inputs = session.getInputNames().contains("token_type_ids")
                    ? Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types)
                    : Map.of("input_ids", ids, "attention_mask", mask);
            try (OrtSession.Result result = session.run(inputs)) {
                float[][] hidden = ((float[][][]) result.get(0).getValue())[0];
                float[] pooled = new float[hidden[0].length];
                if (files.pooling() == PoolingMode.CLS) {
                    System.arraycopy(hidden[0], 0, pooled, 0, pooled.length);
                } else {
                    for (float[] token : hidden) {
                        for (int j = 0; j < pooled.length; j++) {
                            pooled[j] += token[j];
                        }
                    }
                    for (int j = 0; j < pooled.length; j++) {
                        pooled[j] /= hidden.length;
                    }
                }
                return normalised(pooled);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot encode the empty input with " + id + ": " + e.getMessage(), e);
        }
    }

    private static float[] normalised(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float norm = (float) Math.sqrt(sum);
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
        return v;
    }

    private static ExecutorService workers(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "encoder-" + name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static byte[] resource(String name, String artifactId) {
        try (InputStream in = OnnxTextEncoder.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("model file " + name + " is not on the classpath; it comes with "
                        + "the Maven artifact dev.langchain4j:" + artifactId);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read model file " + name + ": " + e.getMessage(), e);
        }
    }

    /** The version of the LangChain4j artifact that ships the model, from its Maven metadata. */
    static String artifactVersion(String artifactId) {
        String path = "META-INF/maven/dev.langchain4j/" + artifactId + "/pom.properties";
        try (InputStream in = OnnxTextEncoder.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath: cannot tell which version of "
                        + "dev.langchain4j:" + artifactId + " (and so which model weights) is in use");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            if (version == null || version.isBlank()) {
                throw new IllegalStateException(path + " has no version");
            }
            return version.strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // already failing or closing; the first error is the one to report
            }
        }
    }

    /** LangChain4j's in-process model around our session, so that its executor-based batching is reused. */
    private static final class InProcessModel extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder biEncoder;
        private final int dimension;

        InProcessModel(ExecutorService executor, OnnxBertBiEncoder biEncoder, int dimension) {
            super(executor);
            this.biEncoder = biEncoder;
            this.dimension = dimension;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return biEncoder;
        }

        @Override
        protected Integer knownDimension() {
            return dimension;
        }
    }
}
