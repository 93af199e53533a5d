package org.omnireward.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.util.Sha256;

class MediaRefContentKeyTest {

    @TempDir
    Path root;

    @Test
    void a_file_and_the_same_bytes_in_memory_have_the_same_key() throws Exception {
        byte[] bytes = {9, 8, 7, 6, 5};
        Files.write(root.resolve("clip.wav"), bytes);
        MediaRef file = MediaRef.underRoot(root, "clip.wav", Modality.AUDIO);
        MediaRef memory = MediaRef.ofBytes(bytes.clone(), "another-name.wav", Modality.AUDIO);
        assertThat(file.contentKey()).isEqualTo(memory.contentKey()).isEqualTo("audio:sha256:" + Sha256.hex(bytes));
    }

    @Test
    void the_modality_is_part_of_the_key() {
        byte[] bytes = {1, 2, 3};
        assertThat(MediaRef.ofBytes(bytes, "x", Modality.IMAGE).contentKey())
                .startsWith("image:sha256:")
                .isNotEqualTo(MediaRef.ofBytes(bytes, "x", Modality.VIDEO).contentKey());
        assertThat(MediaRef.ofBytes(bytes, "x", Modality.THREE_D).contentKey()).startsWith("3d:sha256:");
    }

    @Test
    void different_bytes_give_different_keys() {
        assertThat(MediaRef.ofBytes(new byte[] {1}, "x", Modality.IMAGE).contentKey())
                .isNotEqualTo(
                        MediaRef.ofBytes(new byte[] {2}, "x", Modality.IMAGE).contentKey());
    }

    @Test
    void the_key_of_a_file_is_computed_once_per_reference() throws Exception {
        Path f = root.resolve("a.png");
        Files.write(f, new byte[] {1});
        MediaRef ref = MediaRef.underRoot(root, "a.png", Modality.IMAGE);
        String first = ref.contentKey();
        Files.write(f, new byte[] {2});
        assertThat(ref.contentKey()).isEqualTo(first);
        assertThat(MediaRef.underRoot(root, "a.png", Modality.IMAGE).contentKey())
                .isNotEqualTo(first);
    }

    @Test
    void an_unreadable_file_is_a_clear_error_naming_the_media() {
        MediaRef missing = MediaRef.underRoot(root, "sub/missing.png", Modality.IMAGE);
        assertThatThrownBy(missing::contentKey)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("sub/missing.png")
                .hasMessageContaining("cannot read media");
    }

    @Test
    void in_memory_media_are_equal_by_modality_and_content_not_by_name() {
        MediaRef a = MediaRef.ofBytes(new byte[] {1, 2, 3}, "a.png", Modality.IMAGE);
        MediaRef b = MediaRef.ofBytes(new byte[] {1, 2, 3}, "b.png", Modality.IMAGE);
        MediaRef otherBytes = MediaRef.ofBytes(new byte[] {1, 2, 4}, "a.png", Modality.IMAGE);
        MediaRef otherModality = MediaRef.ofBytes(new byte[] {1, 2, 3}, "a.png", Modality.VIDEO);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(otherBytes).isNotEqualTo(otherModality);
        assertThat(MediaRef.ofBytes(new byte[0], null, Modality.AUDIO))
                .isEqualTo(MediaRef.ofBytes(new byte[0], "", Modality.AUDIO))
                .hasSameHashCodeAs(MediaRef.ofBytes(new byte[0], "", Modality.AUDIO));
    }

    @Test
    void in_memory_media_hand_out_copies_of_their_bytes() {
        byte[] bytes = {1, 2, 3};
        MediaRef m = MediaRef.ofBytes(bytes, "x", Modality.IMAGE);
        m.readAllBytesUnchecked()[0] = 42;
        assertThat(m.readAllBytesUnchecked()).containsExactly(1, 2, 3);
    }
}
