package org.omnireward.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;
import org.omnireward.training.TensorFile;

/** A model folder that is not what its manifest says is refused with an error naming the file. */
class RmModelFilesTest {

    @TempDir
    static Path root;

    static Path good;

    @BeforeAll
    static void writeModel() {
        good = root.resolve("good");
        TinyModels.write(good, 64);
    }

    private static Path copy(String name) throws Exception {
        Path d = root.resolve(name);
        Files.createDirectories(d);
        for (String f : new String[] {RmModelFiles.MANIFEST, RmModelFiles.WEIGHTS}) {
            Files.copy(good.resolve(f), d.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return d;
    }

    @Test
    void a_written_folder_loads_back_with_the_same_tensors() {
        RmModelFiles.Model m = RmModelFiles.load(good);
        assertThat(m.manifest().maxLength()).isEqualTo(64);
        assertThat(m.manifest().trainableFrom()).isEqualTo(5);
        assertThat(m.trained()).containsKeys(RewardNet.HEAD_WEIGHT, "encoder.layer.5.output.dense.weight");
        assertThat(m.trained().get(RewardNet.HEAD_BIAS)).containsExactly(0.25f);
    }

    @Test
    void a_missing_weight_file_is_named() throws Exception {
        Path d = copy("missing");
        Files.delete(d.resolve(RmModelFiles.WEIGHTS));
        assertThatThrownBy(() -> RmModelFiles.load(d))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("weight file " + d.resolve(RmModelFiles.WEIGHTS) + " is missing");
    }

    @Test
    void a_truncated_weight_file_is_named() throws Exception {
        Path d = copy("truncated");
        byte[] b = Files.readAllBytes(d.resolve(RmModelFiles.WEIGHTS));
        Files.write(d.resolve(RmModelFiles.WEIGHTS), Arrays.copyOf(b, b.length / 2));
        assertThatThrownBy(() -> RmModelFiles.load(d))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("weight file " + d.resolve(RmModelFiles.WEIGHTS) + " is truncated");
    }

    @Test
    void a_weight_file_of_another_model_is_refused_by_its_hash() throws Exception {
        Path d = copy("other");
        Path w = d.resolve(RmModelFiles.WEIGHTS);
        TensorFile.Content c = TensorFile.read(w);
        Map<String, float[]> t = new java.util.LinkedHashMap<>(c.tensors());
        t.put(RewardNet.HEAD_BIAS, new float[] {1f});
        TensorFile.write(w, c.header(), t);
        assertThatThrownBy(() -> RmModelFiles.load(d))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("weight file " + w + " does not match");
    }

    @Test
    void a_weight_file_with_other_tensors_is_refused_naming_them() throws Exception {
        Path d = copy("mismatched");
        Path w = d.resolve(RmModelFiles.WEIGHTS);
        TensorFile.Content c = TensorFile.read(w);
        Map<String, float[]> t = new java.util.LinkedHashMap<>(c.tensors());
        t.remove("encoder.layer.5.output.dense.bias");
        TensorFile.write(w, c.header(), t);
        rewriteManifest(d, m -> m.put("weights_sha256", org.omnireward.core.util.Sha256.hex(w)));
        assertThatThrownBy(() -> RmModelFiles.load(d))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("weight file " + w)
                .hasMessageContaining("needs");
    }

    @Test
    void a_base_whose_hash_differs_from_the_manifest_is_refused() throws Exception {
        Path d = copy("base");
        rewriteManifest(d, m -> ((ObjectNode) m.get("base")).put("onnx_sha256", "0".repeat(64)));
        RmModelFiles.Model model = RmModelFiles.load(d);
        assertThatThrownBy(() -> RmModelFiles.base(model.manifest()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ONNX sha256 " + "0".repeat(64))
                .hasMessageContaining("retrain");
    }

    @Test
    void a_newer_format_version_is_refused_naming_the_versions_read() throws Exception {
        Path d = copy("newer");
        rewriteManifest(d, m -> m.put("format_version", RmModelFiles.FORMAT_VERSION + 1));
        assertThatThrownBy(() -> RmModelFiles.load(d))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("format version " + (RmModelFiles.FORMAT_VERSION + 1))
                .hasMessageContaining("reads versions 1 to " + RmModelFiles.FORMAT_VERSION);
    }

    @Test
    void a_folder_without_a_manifest_is_refused() throws Exception {
        Path d = Files.createDirectories(root.resolve("empty"));
        assertThatThrownBy(() -> RmModelFiles.load(d))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no manifest.json");
    }

    private static void rewriteManifest(Path d, java.util.function.Consumer<ObjectNode> change) throws Exception {
        Path f = d.resolve(RmModelFiles.MANIFEST);
        ObjectNode m = (ObjectNode) Json.readTree(f);
        change.accept(m);
        Files.writeString(f, Json.pretty().writeValueAsString(m));
    }
}
