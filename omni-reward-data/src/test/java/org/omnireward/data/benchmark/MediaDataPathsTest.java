package org.omnireward.data.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.data.benchmark.Fixtures.invalid;
import static org.omnireward.data.benchmark.Fixtures.load;
import static org.omnireward.data.benchmark.Fixtures.textRecord;
import static org.omnireward.data.benchmark.Fixtures.valid;
import static org.omnireward.data.benchmark.Fixtures.with;
import static org.omnireward.data.benchmark.Fixtures.writeBytes;
import static org.omnireward.data.benchmark.Fixtures.writeJson;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.Task;

/**
 * Official JSON-layout paths start with {@code media_data/} and the folder sits next to the JSON
 * files; they must resolve however the user points at the media, and never outside the data folder
 * or the media root.
 */
class MediaDataPathsTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    @TempDir
    Path dir;

    private static Map<String, Object> imageRecord(String id, String imagePath) {
        return with(textRecord(id, "response1"), "image_path", imagePath);
    }

    private Path inputPath(LoadedEntry e) {
        return valid(e).sample().inputs().get(0).path().orElseThrow();
    }

    @Test
    void media_data_paths_resolve_against_the_data_folder_when_media_data_is_the_default_media_root() {
        Path data = dir.resolve("bench");
        writeBytes(data.resolve("media_data/ti2t/cat.png"), PNG);
        writeJson(
                data.resolve("text_image_to_text_preferences.json"),
                List.of(imageRecord("a", "media_data/ti2t/cat.png")));

        List<LoadedEntry> es = load(data, LoadOptions.defaults(), Task.TI2T);

        assertThat(inputPath(es.get(0)))
                .isEqualTo(
                        data.resolve("media_data/ti2t/cat.png").toAbsolutePath().normalize());
    }

    @Test
    void media_data_paths_resolve_when_the_media_root_is_an_extracted_media_data_folder_elsewhere() {
        Path data = dir.resolve("bench");
        Path extracted = dir.resolve("downloads/media_data");
        writeBytes(extracted.resolve("ti2t/cat.png"), PNG);
        writeJson(
                data.resolve("text_image_to_text_preferences.json"),
                List.of(imageRecord("a", "media_data/ti2t/cat.png")));

        List<LoadedEntry> es = load(data, LoadOptions.defaults().withMediaRoot(extracted), Task.TI2T);

        assertThat(inputPath(es.get(0)))
                .isEqualTo(extracted.resolve("ti2t/cat.png").toAbsolutePath().normalize());
    }

    @Test
    void media_data_paths_resolve_when_the_media_root_is_the_folder_the_zip_was_extracted_into() {
        Path data = dir.resolve("bench");
        Path extractedInto = dir.resolve("downloads");
        writeBytes(extractedInto.resolve("media_data/ti2t/cat.png"), PNG);
        writeJson(
                data.resolve("text_image_to_text_preferences.json"),
                List.of(imageRecord("a", "media_data/ti2t/cat.png")));

        List<LoadedEntry> es = load(data, LoadOptions.defaults().withMediaRoot(extractedInto), Task.TI2T);

        assertThat(inputPath(es.get(0)))
                .isEqualTo(extractedInto
                        .resolve("media_data/ti2t/cat.png")
                        .toAbsolutePath()
                        .normalize());
    }

    @Test
    void media_data_paths_resolve_when_the_data_folder_is_the_media_data_folder_itself() {
        Path data = dir.resolve("media_data");
        writeBytes(data.resolve("ti2t/cat.png"), PNG);
        writeJson(
                data.resolve("text_image_to_text_preferences.json"),
                List.of(imageRecord("a", "media_data/ti2t/cat.png")));

        List<LoadedEntry> es = load(data, LoadOptions.defaults(), Task.TI2T);

        assertThat(inputPath(es.get(0)))
                .isEqualTo(data.resolve("ti2t/cat.png").toAbsolutePath().normalize());
    }

    @Test
    void a_file_found_under_the_media_root_wins_over_the_data_folder() {
        Path data = dir.resolve("bench");
        Path root = dir.resolve("root");
        writeBytes(root.resolve("media_data/x.png"), PNG);
        writeBytes(data.resolve("media_data/x.png"), PNG);
        writeJson(data.resolve("text_image_to_text_preferences.json"), List.of(imageRecord("a", "media_data/x.png")));

        List<LoadedEntry> es = load(data, LoadOptions.defaults().withMediaRoot(root), Task.TI2T);

        assertThat(inputPath(es.get(0)))
                .isEqualTo(root.resolve("media_data/x.png").toAbsolutePath().normalize());
    }

    @Test
    void a_media_data_path_found_nowhere_is_missing_and_the_message_names_both_folders() {
        Path data = dir.resolve("bench");
        writeBytes(data.resolve("media_data/other.png"), PNG);
        writeJson(
                data.resolve("text_image_to_text_preferences.json"), List.of(imageRecord("a", "media_data/none.png")));

        LoadedEntry.Invalid i =
                invalid(load(data, LoadOptions.defaults(), Task.TI2T).get(0));

        Path abs = data.toAbsolutePath().normalize();
        assertThat(i.reason())
                .isEqualTo("field 'image_path': media file not found: media_data/none.png (media root "
                        + abs.resolve("media_data") + "; also looked in the data folder " + abs + ")");
    }

    @Test
    void other_paths_are_not_looked_for_in_the_data_folder() {
        Path data = dir.resolve("bench");
        Path root = dir.resolve("root");
        writeBytes(root.resolve("keep.png"), PNG);
        writeBytes(data.resolve("imgs/x.png"), PNG);
        writeJson(data.resolve("text_image_to_text_preferences.json"), List.of(imageRecord("a", "imgs/x.png")));

        LoadedEntry.Invalid i = invalid(load(data, LoadOptions.defaults().withMediaRoot(root), Task.TI2T)
                .get(0));

        assertThat(i.reason())
                .isEqualTo("field 'image_path': media file not found: imgs/x.png (media root "
                        + root.toAbsolutePath().normalize() + ")");
    }

    @Test
    void media_data_paths_that_climb_out_never_resolve_outside_the_data_folder_or_media_root() {
        Path data = dir.resolve("bench");
        writeBytes(data.resolve("media_data/in.png"), PNG);
        writeBytes(dir.resolve("secret.png"), PNG);
        writeBytes(dir.resolve("media_data/secret.png"), PNG);
        writeJson(
                data.resolve("text_image_to_text_preferences.json"),
                List.of(
                        imageRecord("up2", "media_data/../../secret.png"),
                        imageRecord("up3", "media_data/../../../secret.png"),
                        imageRecord("sibling", "media_data/../../media_data/secret.png")));

        List<LoadedEntry> es = load(data, LoadOptions.defaults(), Task.TI2T);

        assertThat(invalid(es.get(0)).reason()).contains("resolves outside the media root");
        assertThat(invalid(es.get(1)).reason()).contains("resolves outside the media root");
        // inside the media root it names a file that is not there; under the data folder it would leave it
        assertThat(invalid(es.get(2)).reason())
                .contains("media file not found: media_data/../../media_data/secret.png");
    }
}
