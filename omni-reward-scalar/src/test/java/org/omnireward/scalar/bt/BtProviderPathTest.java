package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.RewardModels;

/** How {@code bt:DIR} finds its directory. */
class BtProviderPathTest {

    @TempDir
    Path home;

    @Test
    void a_leading_tilde_means_the_home_directory() {
        RandomHeads.write(home.resolve("models/m"), "no-such-encoder@1", 8, 1, 0.1);
        String before = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            // the directory is found (its manifest is read), so the failure is about the encoder it names
            assertThatThrownBy(() -> RewardModels.create("bt:~/models/m"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("no-such-encoder@1");
            assertThatThrownBy(() -> RewardModels.create("bt:~/models/absent"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(home.resolve("models/absent").toString());
        } finally {
            System.setProperty("user.home", before);
        }
    }
}
