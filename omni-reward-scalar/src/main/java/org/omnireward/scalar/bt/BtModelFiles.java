package org.omnireward.scalar.bt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.Sha256;
import org.omnireward.scalar.Encoder;
import org.omnireward.training.DataFile;
import org.omnireward.training.ToolVersion;

/**
 * Reads and writes a BT model directory: {@code manifest.json} (see {@link BtManifest}) and
 * {@code weights.bin}.
 *
 * <p>{@code weights.bin} (format version 1), all integers and floats little-endian:
 * <pre>
 *   offset  size  content
 *   0       4     magic "ORBT" (bytes 0x4F 0x52 0x42 0x54)
 *   4       4     int32 format version (1)
 *   8       4     int32 input dimension F
 *   12      4     int32 hidden size H
 *   16      4     int32 bilinear rows d (criterion dimension)
 *   20      4     int32 bilinear columns S (statistics)
 *   24      4     int32 parameter count N = H·F + H + H + d·S
 *   28      4·N   float32 parameters: W1 (H×F row-major), b1 (H), w2 (H), W (d×S row-major)
 * </pre>
 * The file is exactly 28 + 4·N bytes; the manifest records its SHA-256, so a truncated, padded or
 * altered file is refused.
 */
public final class BtModelFiles {

    /** The model directory format this code writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** The manifest's {@code kind}. */
    public static final String KIND = "omni-reward-bt";

    public static final String MANIFEST = "manifest.json";
    public static final String WEIGHTS = "weights.bin";

    static final byte[] MAGIC = {'O', 'R', 'B', 'T'};
    static final int HEADER_BYTES = 28;

    private BtModelFiles() {}

    /** The version of omni-reward recorded in manifests ("dev" when not running from a built jar). */
    public static String toolVersion() {
        return ToolVersion.get();
    }

    /**
     * Writes {@code head} and {@code manifest} into {@code dir} (created if needed; existing model
     * files are replaced). Weights are stored as float; the manifest gets the weights' SHA-256.
     *
     * @return the manifest as written
     * @throws IllegalArgumentException when the manifest's head shape is not the head's, or the
     *     feature spec does not fit the head
     */
    public static BtManifest save(Path dir, BtHead head, BtManifest manifest) {
        if (!manifest.head().equals(head.shape())) {
            throw new IllegalArgumentException(
                    "manifest head shape (" + manifest.head() + ") differs from the head's (" + head.shape() + ")");
        }
        checkSpecFitsHead(
                FeatureSpec.forVersion(
                        manifest.featureSpecId(), manifest.featureSpecVersion(), manifest.encoderDimension()),
                head.shape(),
                dir.resolve(MANIFEST));
        try {
            Files.createDirectories(dir);
            byte[] weights = weightsBytes(head);
            String sha = Sha256.hex(weights);
            BtManifest written = manifest.withWeightsSha256(sha);
            writeAtomically(dir.resolve(WEIGHTS), weights);
            byte[] json = manifestJson(written).getBytes(StandardCharsets.UTF_8);
            writeAtomically(dir.resolve(MANIFEST), json);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the BT model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a model directory and checks that {@code encoder} is the one it was trained with.
     *
     * @throws InvalidInputException as {@link #load(Path)}, or naming both encoders on a mismatch
     */
    public static BtModel load(Path dir, Encoder encoder) {
        BtModel model = load(dir);
        model.requireEncoder(encoder);
        return model;
    }

    /**
     * Loads a model directory.
     *
     * @throws InvalidInputException when the directory or a file is missing, the manifest is not
     *     well-formed JSON (file, line, column), was written by a newer format version, lacks or has
     *     invalid fields, or the weights are truncated, corrupt or do not match the manifest
     */
    public static BtModel load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(
                    "BT model directory " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist")
                            + "; expected a directory with " + MANIFEST + " and " + WEIGHTS);
        }
        Path manifestFile = dir.resolve(MANIFEST);
        Path weightsFile = dir.resolve(WEIGHTS);
        for (Path file : List.of(manifestFile, weightsFile)) {
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("BT model directory " + dir + " has no " + file.getFileName()
                        + "; a model directory holds " + MANIFEST + " and " + WEIGHTS + " (written by `train bt`)");
            }
        }
        BtManifest manifest = fromJson(Json.readTree(manifestFile), manifestFile);
        FeatureSpec spec = FeatureSpec.forVersion(
                manifest.featureSpecId(), manifest.featureSpecVersion(), manifest.encoderDimension());
        checkSpecFitsHead(spec, manifest.head(), manifestFile);
        BtHead head = readWeights(weightsFile, manifest);
        return new BtModel(dir, manifest, spec, head);
    }

    private static void checkSpecFitsHead(FeatureSpec spec, HeadShape head, Path where) {
        if (head.inputDimension() != spec.dimension()
                || head.criterionOffset() != spec.criterionOffset()
                || head.criterionDimension() != spec.embeddingDimension()
                || head.statisticsOffset() != spec.statisticsOffset()
                || head.statisticsDimension() != spec.statisticsCount()) {
            throw new InvalidInputException(where + ": the head (" + head + ") does not fit feature spec " + spec
                    + " (criterion at " + spec.criterionOffset() + "+" + spec.embeddingDimension() + ", statistics at "
                    + spec.statisticsOffset() + "+" + spec.statisticsCount() + ")");
        }
    }

    private static byte[] weightsBytes(BtHead head) {
        HeadShape s = head.shape();
        double[] p = head.parameters();
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 4 * p.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC)
                .putInt(FORMAT_VERSION)
                .putInt(s.inputDimension())
                .putInt(s.hiddenSize())
                .putInt(s.criterionDimension())
                .putInt(s.statisticsDimension())
                .putInt(p.length);
        for (double v : p) {
            b.putFloat((float) v);
        }
        return b.array();
    }

    private static BtHead readWeights(Path file, BtManifest manifest) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        HeadShape s = manifest.head();
        ByteBuffer b = header(bytes, file, s);
        long expected = HEADER_BYTES + 4L * s.parameterCount();
        if (bytes.length != expected) {
            throw new InvalidInputException(file + ": " + bytes.length + " bytes, expected " + expected + " for "
                    + s.parameterCount() + " parameters; the file is "
                    + (bytes.length < expected ? "truncated" : "corrupt (extra bytes)"));
        }
        if (!manifest.weightsSha256().isEmpty()) {
            String sha = Sha256.hex(bytes);
            if (!sha.equalsIgnoreCase(manifest.weightsSha256())) {
                throw new InvalidInputException(file + ": SHA-256 " + sha + " does not match " + MANIFEST + " ("
                        + manifest.weightsSha256() + "); the weights are corrupt or were replaced");
            }
        }
        double[] p = new double[s.parameterCount()];
        for (int i = 0; i < p.length; i++) {
            float v = b.getFloat();
            if (!Float.isFinite(v)) {
                throw new InvalidInputException(file + ": parameter " + i + " is " + v + "; the weights are corrupt");
            }
            p[i] = v;
        }
        return BtHead.of(s, p);
    }

    /**
     * Checks the weights file's header (magic, a version this build reads, the manifest's head shape) and returns
     * the file's bytes positioned at the first parameter.
     */
    private static ByteBuffer header(byte[] bytes, Path file, HeadShape s) {
        if (bytes.length < HEADER_BYTES
                || bytes[0] != MAGIC[0]
                || bytes[1] != MAGIC[1]
                || bytes[2] != MAGIC[2]
                || bytes[3] != MAGIC[3]) {
            throw new InvalidInputException(
                    file + ": not a BT weights file (it does not start with \"ORBT\"); the file is corrupt");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(4);
        int version = b.getInt();
        if (version > FORMAT_VERSION) {
            throw new InvalidInputException(file + ": weights format version " + version
                    + " was written by a newer omni-reward (this one reads up to " + FORMAT_VERSION
                    + "); upgrade omni-reward");
        }
        int f = b.getInt();
        int h = b.getInt();
        int d = b.getInt();
        int st = b.getInt();
        int n = b.getInt();
        if (version != 1
                || f != s.inputDimension()
                || h != s.hiddenSize()
                || d != s.criterionDimension()
                || st != s.statisticsDimension()
                || n != s.parameterCount()) {
            throw new InvalidInputException(file + ": header (version " + version + ", input " + f + ", hidden " + h
                    + ", bilinear " + d + "x" + st + ", " + n + " parameters) does not match " + MANIFEST + " (" + s
                    + "); the files do not belong together");
        }
        return b;
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, content);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The text of {@code manifest.json} for a manifest: pretty-printed {@link BtManifestFile}, final newline. */
    static String manifestJson(BtManifest m) {
        try {
            return Json.pretty().writeValueAsString(BtManifestFile.of(m)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the manifest of " + m.encoderId(), e);
        }
    }

    /** Reads a manifest tree, checking the format version first. */
    static BtManifest fromJson(JsonNode o, Path file) {
        int version = formatVersion(o, file);
        JsonNode kind = o.get("kind");
        if (kind != null && !KIND.equals(kind.asText())) {
            throw new InvalidInputException(file + ": kind '" + kind.asText() + "' is not a BT model ('" + KIND + "')");
        }
        Fields r = new Fields(o, file);
        String encoderId = r.text("encoder", "id");
        int encoderDimension = r.positiveInt("encoder", "dimension");
        String specId = r.text("feature_spec", "id");
        int specVersion = r.positiveInt("feature_spec", "version");
        HeadShape head = head(r, file);
        BtTrainingConfig training;
        try {
            training = BtTrainingConfig.fromJson(o.get("training"));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage(), e);
        }
        long seed = o.has("seed") && o.get("seed").isIntegralNumber()
                ? o.get("seed").longValue()
                : training.seed();
        return new BtManifest(
                version,
                encoderId,
                encoderDimension,
                specId,
                specVersion,
                head,
                seed,
                training,
                trainingData(o.get("training_data")),
                longMap(o.get("counts")),
                validation(o.get("validation")),
                createdAt(o, file),
                o.path("tool_version").asText("unknown"),
                o.path("weights").path("sha256").asText(""));
    }

    /** The {@code format_version} of a manifest this version reads: an integer from 1 to {@link #FORMAT_VERSION}. */
    private static int formatVersion(JsonNode o, Path file) {
        if (!o.isObject()) {
            throw new InvalidInputException(file + ": expected a JSON object, got " + o.getNodeType());
        }
        JsonNode v = o.get("format_version");
        if (v == null || !v.isIntegralNumber()) {
            throw new InvalidInputException(
                    file + ": missing or non-integer 'format_version'; not a BT model manifest");
        }
        int version = v.intValue();
        if (version > FORMAT_VERSION) {
            throw new InvalidInputException(
                    file + ": format_version " + version + " was written by a newer omni-reward (this one reads up to "
                            + FORMAT_VERSION + "); upgrade omni-reward");
        }
        if (version < 1) {
            throw new InvalidInputException(
                    file + ": invalid format_version " + version + " (expected 1.." + FORMAT_VERSION + ")");
        }
        return version;
    }

    private static HeadShape head(Fields r, Path file) {
        try {
            return new HeadShape(
                    r.positiveInt("head", "input_dimension"),
                    r.positiveInt("head", "hidden_size"),
                    Activation.parse(r.text("head", "activation")),
                    r.nonNegativeInt("head", "criterion_offset"),
                    r.nonNegativeInt("head", "criterion_dimension"),
                    r.nonNegativeInt("head", "statistics_offset"),
                    r.nonNegativeInt("head", "statistics_dimension"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file + ": invalid 'head': " + e.getMessage(), e);
        }
    }

    /** The {@code training_data} entries; missing fields read as empty or zero, as older files leave them out. */
    private static List<DataFile> trainingData(JsonNode list) {
        List<DataFile> data = new ArrayList<>();
        if (list != null && list.isArray()) {
            for (JsonNode d : list) {
                data.add(new DataFile(
                        d.path("role").asText(""),
                        d.path("path").asText(""),
                        d.path("sha256").asText(""),
                        d.path("bytes").asLong(0),
                        longMap(d.get("counts"))));
            }
        }
        return data;
    }

    private static Instant createdAt(JsonNode o, Path file) {
        try {
            return o.has("created_at") ? Instant.parse(o.get("created_at").asText()) : Instant.EPOCH;
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(
                    file + ": 'created_at' is not an ISO-8601 instant: " + o.get("created_at"), e);
        }
    }

    /** The {@code validation} metrics; a value that is not a number (written for NaN) reads as NaN. */
    private static Map<String, Double> validation(JsonNode val) {
        Map<String, Double> validation = new LinkedHashMap<>();
        if (val != null && val.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = val.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                validation.put(
                        e.getKey(), e.getValue().isNumber() ? e.getValue().doubleValue() : Double.NaN);
            }
        }
        return validation;
    }

    private static Map<String, Long> longMap(JsonNode node) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isIntegralNumber()) {
                    out.put(e.getKey(), e.getValue().longValue());
                }
            }
        }
        return out;
    }

    /** Required nested fields with messages naming the file and the field path. */
    private record Fields(JsonNode root, Path file) {
        private JsonNode field(String object, String key) {
            JsonNode parent = root.get(object);
            if (parent == null || !parent.isObject()) {
                throw new InvalidInputException(file + ": missing object '" + object + "'");
            }
            JsonNode v = parent.get(key);
            if (v == null || v.isNull()) {
                throw new InvalidInputException(file + ": missing field '" + object + "." + key + "'");
            }
            return v;
        }

        String text(String object, String key) {
            JsonNode v = field(object, key);
            if (!v.isTextual() || v.asText().isBlank()) {
                throw new InvalidInputException(
                        file + ": '" + object + "." + key + "' must be a non-empty string, got " + v);
            }
            return v.asText();
        }

        int positiveInt(String object, String key) {
            int n = nonNegativeInt(object, key);
            if (n < 1) {
                throw new InvalidInputException(file + ": '" + object + "." + key + "' must be positive, got " + n);
            }
            return n;
        }

        int nonNegativeInt(String object, String key) {
            JsonNode v = field(object, key);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
                throw new InvalidInputException(
                        file + ": '" + object + "." + key + "' must be a non-negative integer, got " + v);
            }
            return v.intValue();
        }
    }
}
