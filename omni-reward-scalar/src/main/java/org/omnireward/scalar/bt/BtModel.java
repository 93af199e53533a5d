package org.omnireward.scalar.bt;

import java.nio.file.Path;
import java.util.Objects;
import org.omnireward.core.InvalidInputException;
import org.omnireward.scalar.Encoder;

/**
 * A loaded BT model: the manifest, the feature spec it names and the head.
 *
 * @param directory where it was loaded from (for messages)
 */
public record BtModel(Path directory, BtManifest manifest, FeatureSpec featureSpec, BtHead head) {

    public BtModel {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(featureSpec, "featureSpec");
        Objects.requireNonNull(head, "head");
    }

    /**
     * Checks that {@code encoder} is the one the model was trained with.
     *
     * @throws InvalidInputException naming both encoders when the id or dimension differs
     */
    public void requireEncoder(Encoder encoder) {
        if (!manifest.encoderId().equals(encoder.id()) || manifest.encoderDimension() != encoder.dimension()) {
            throw new InvalidInputException("the BT model in " + directory + " was trained with encoder '"
                    + manifest.encoderId() + "' (dimension " + manifest.encoderDimension()
                    + ") but the encoder given is '"
                    + encoder.id() + "' (dimension " + encoder.dimension()
                    + "); score with the encoder the model was trained with, or retrain the model");
        }
    }
}
