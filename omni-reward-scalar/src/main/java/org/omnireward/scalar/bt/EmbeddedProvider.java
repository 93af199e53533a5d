package org.omnireward.scalar.bt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModelProvider;

/**
 * {@code embedded}: the Bradley–Terry model that ships inside this jar, trained by our own {@code
 * train bt} on the shared preference data (see docs/embedded-model.md for the command that
 * reproduces it). Runs in-process on the CPU; the encoder comes from a Maven artifact.
 */
public final class EmbeddedProvider implements RewardModelProvider {

    /** Where the model files lie on the class path. */
    public static final String RESOURCE_DIR = "/org/omnireward/scalar/embedded/";

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public String description() {
        return "the shipped criterion-following text reward model (MiniLM encoder + trained BT head; text-response tasks)";
    }

    @Override
    public List<ModelOption> options() {
        return BtProvider.OPTIONS;
    }

    @Override
    public RewardModel create(ModelSpec spec) {
        if (!spec.argument().isBlank()) {
            throw new InvalidInputException("embedded takes no argument, got 'embedded:" + spec.argument() + "'");
        }
        return BtProvider.open("embedded", BtModelFiles.load(extract()), spec);
    }

    /** Copies the model files from the class path into a temporary directory (removed at exit). */
    static Path extract() {
        return extract(RESOURCE_DIR);
    }

    /** Copies the model files under {@code resourceDir} on the class path into a temporary directory. */
    static Path extract(String resourceDir) {
        try {
            Path dir = Files.createTempDirectory("omni-reward-embedded");
            dir.toFile().deleteOnExit();
            for (String name : new String[] {BtModelFiles.MANIFEST, BtModelFiles.WEIGHTS}) {
                try (InputStream in = EmbeddedProvider.class.getResourceAsStream(resourceDir + name)) {
                    if (in == null) {
                        throw new InvalidInputException("the embedded model is missing from this build (" + resourceDir
                                + name + " not on the class path)");
                    }
                    Path target = dir.resolve(name);
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().deleteOnExit();
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the embedded model", e);
        }
    }
}
