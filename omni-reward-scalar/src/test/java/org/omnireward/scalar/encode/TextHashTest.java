package org.omnireward.scalar.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextHashTest {

    @Test
    void is_the_sha256_of_the_utf8_bytes() {
        assertThat(TextHash.of("abc").hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(TextHash.of("").hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(TextHash.of("é").hex())
                .isEqualTo(TextHash.fromBytes(sha256(new byte[] {(byte) 0xC3, (byte) 0xA9}))
                        .hex());
    }

    @Test
    void bytes_round_trip() {
        TextHash hash = TextHash.of("round trip");
        assertThat(TextHash.fromBytes(hash.toBytes())).isEqualTo(hash);
        assertThat(hash.toBytes()).hasSize(TextHash.BYTES);
        assertThatThrownBy(() -> TextHash.fromBytes(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_unpaired_surrogate_hashes_as_the_replacement_character_not_as_a_question_mark() {
        assertThat(TextHash.of("a\uD800")).isEqualTo(TextHash.of("a\uFFFD"));
        assertThat(TextHash.of("a\uD800")).isNotEqualTo(TextHash.of("a?"));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
