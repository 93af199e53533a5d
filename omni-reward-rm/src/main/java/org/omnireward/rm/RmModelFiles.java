package org.omnireward.rm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.Sha256;
import org.omnireward.rm.encoder.BaseModels;
import org.omnireward.rm.encoder.BertWeights;
import org.omnireward.training.TensorFile;

/**
 * An {@code rm:} model folder: {@code manifest.json} ({@link RmManifest}) and {@code weights.bin}
 * (a {@link TensorFile} of the fine-tuned layers and the value head). The frozen base comes from
 * the Maven artifact the manifest names, checked by the SHA-256 of its ONNX file.
 */
public final class RmModelFiles {

    /** The format this build writes. */
    public static final int FORMAT_VERSION = 1;
    /** The manifest's file name. */
    public static final String MANIFEST = "manifest.json";
    /** The weights' file name. */
    public static final String WEIGHTS = "weights.bin";

    private RmModelFiles() {}

    /** A loaded folder: its manifest and the trained parameters by name. */
    public record Model(RmManifest manifest, Map<String, float[]> trained) {}

    /** Writes {@code trained} and {@code manifest} (with the weights' hash filled in) into {@code dir}. */
    public static RmManifest save(Path dir, RmManifest manifest, Map<String, float[]> trained) {
        try {
            Files.createDirectories(dir);
            Path weights = dir.resolve(WEIGHTS);
            TensorFile.write(weights, "{\"format\":\"omni-reward-rm weights\"}", trained);
            RmManifest m = manifest.withWeightsSha256(Sha256.hex(weights));
            Path tmp = dir.resolve(MANIFEST + ".tmp");
            Files.writeString(tmp, Json.pretty().writeValueAsString(m.toJson()) + "\n");
            Files.move(
                    tmp,
                    dir.resolve(MANIFEST),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code dir} holds a model manifest. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST));
    }

    /**
     * Reads {@code dir}, checking the weights against the manifest (hash, names, shapes).
     *
     * @throws InvalidInputException naming the file: no folder, missing manifest or weights, a
     *     weights file that is truncated, not the manifest's (hash), or whose tensors are not the
     *     ones the manifest's base and layers need
     */
    public static Model load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("rm model folder " + dir + " does not exist");
        }
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidInputException(
                    "rm model folder " + dir + " has no " + MANIFEST + " (a folder written by `train rm`)");
        }
        JsonNode tree = Json.readTree(manifestFile);
        RmManifest manifest = RmManifest.fromJson(tree, manifestFile);
        Path weightsFile = dir.resolve(WEIGHTS);
        TensorFile.Content content = TensorFile.read(weightsFile);
        String sha = Sha256.hex(weightsFile);
        if (!sha.equals(manifest.weightsSha256())) {
            throw new InvalidInputException("weight file " + weightsFile + " does not match " + manifestFile
                    + ": its sha256 is " + sha + ", the manifest says " + manifest.weightsSha256());
        }
        BaseModels.Base base = BaseModels.byName(manifest.baseName());
        Map<String, long[]> expected = trainableShapes(base, manifest.trainableFrom());
        if (!content.tensors().keySet().equals(expected.keySet())) {
            throw new InvalidInputException(
                    "weight file " + weightsFile + " holds " + content.tensors().keySet()
                            + " but a model fine-tuned from layer " + manifest.trainableFrom() + " of " + base.name()
                            + " needs " + expected.keySet());
        }
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            long size = Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b);
            if (content.tensors().get(e.getKey()).length != size) {
                throw new InvalidInputException("weight file " + weightsFile + ": tensor " + e.getKey() + " has "
                        + content.tensors().get(e.getKey()).length + " values, expected " + size);
            }
        }
        return new Model(manifest, content.tensors());
    }

    /** The trainable tensors of a model on {@code base} fine-tuned from layer {@code from}: layers and value head. */
    public static Map<String, long[]> trainableShapes(BaseModels.Base base, int from) {
        if (from < 0 || from > base.config().layers()) {
            throw new InvalidInputException("the first fine-tuned layer must be 0 … "
                    + base.config().layers() + " for " + base.name() + ", got " + from);
        }
        Map<String, long[]> s = new java.util.LinkedHashMap<>();
        for (int i = from; i < base.config().layers(); i++) {
            s.putAll(BertWeights.layerShapes(base.config(), i));
        }
        s.put(RewardNet.HEAD_WEIGHT, new long[] {base.config().hidden()});
        s.put(RewardNet.HEAD_BIAS, new long[] {1});
        return s;
    }

    /**
     * The base of {@code manifest}, loaded and checked.
     *
     * @throws InvalidInputException when the base's ONNX file on the class path is not the one the
     *     model was trained on (its SHA-256 differs)
     */
    public static BaseModels.Loaded base(RmManifest manifest) {
        BaseModels.Loaded loaded = BaseModels.load(BaseModels.byName(manifest.baseName()));
        if (!loaded.onnxSha256().equals(manifest.baseSha256())) {
            throw new InvalidInputException("the model was fine-tuned from " + manifest.baseId() + " (ONNX sha256 "
                    + manifest.baseSha256() + ") but this build has " + loaded.id() + " (sha256 " + loaded.onnxSha256()
                    + "); retrain it with `train rm` or use a matching build");
        }
        return loaded;
    }
}
