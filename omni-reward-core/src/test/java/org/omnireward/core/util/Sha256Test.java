package org.omnireward.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

    @TempDir
    Path dir;

    @Test
    void known_vectors_of_the_empty_string_and_abc() {
        assertThat(Sha256.hex("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Sha256.hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo(Sha256.hex("abc"));
        assertThat(Sha256.digest(new byte[0])).hasSize(32);
    }

    @Test
    void file_stream_and_bytes_agree_also_beyond_one_buffer() throws Exception {
        byte[] bytes = new byte[200_000];
        new Random(5).nextBytes(bytes);
        Path f = dir.resolve("data.bin");
        Files.write(f, bytes);
        String expected = Sha256.hex(bytes);
        assertThat(Sha256.hex(f)).isEqualTo(expected);
        assertThat(Sha256.hex(new ByteArrayInputStream(bytes))).isEqualTo(expected);
        // a stream that hands out one byte at a time
        assertThat(Sha256.hex(new ByteArrayInputStream(bytes) {
                    @Override
                    public synchronized int read(byte[] b, int off, int len) {
                        return super.read(b, off, Math.min(len, 1));
                    }
                }))
                .isEqualTo(expected);
    }

    @Test
    void a_missing_file_is_an_unchecked_error_naming_it() {
        Path missing = dir.resolve("missing.bin");
        assertThatThrownBy(() -> Sha256.hex(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("missing.bin");
    }
}
