package org.omnireward.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.Task;
import org.omnireward.media.AudioClip;
import org.omnireward.media.AudioDecoder;
import org.omnireward.media.Images;
import org.omnireward.media.VideoFrames;

/** Generates a demo benchmark (encoding video with FFmpeg natives, hence an IT) and checks it. */
class DemoBenchmarkIT {

    private static final int PER_TASK = 12;
    private static final long SEED = 7;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Path demo;
    static DemoBenchmark.Summary summary;

    @BeforeAll
    static void generate() throws IOException {
        demo = tmp.resolve("demo");
        DemoBenchmark.Result result = DemoBenchmark.create(demo, PER_TASK, SEED, false);
        assertThat(result.outcome()).isEqualTo(DemoBenchmark.Outcome.CREATED);
        summary = result.summary();
    }

    private static List<JsonNode> records(Task task) throws IOException {
        JsonNode root = JSON.readTree(demo.resolve(DemoBenchmark.fileName(task)).toFile());
        assertThat(root.isArray()).isTrue();
        List<JsonNode> out = new ArrayList<>();
        root.forEach(out::add);
        return out;
    }

    private static Path media(String relative) {
        return demo.resolve(DemoBenchmark.MEDIA_DIR).resolve(relative);
    }

    // ------------------------------------------------------------------ layout

    @Test
    void writes_nine_task_files_with_exactly_the_official_fields() throws IOException {
        Map<Task, Set<String>> media = Map.of(
                Task.T2T, Set.of(),
                Task.TI2T, Set.of("image", "image_path"),
                Task.TV2T, Set.of("video"),
                Task.TA2T, Set.of("audio", "audio_path"),
                Task.T2I, Set.of("response1_path", "response2_path"),
                Task.T2V, Set.of(),
                Task.T2A, Set.of("response1_path", "response2_path"),
                Task.T23D, Set.of("response1_path", "response2_path"),
                Task.TI2I, Set.of("response1_path", "response2_path", "image", "image_path"));
        try (Stream<Path> files = Files.list(demo)) {
            assertThat(files.filter(p -> p.toString().endsWith("_preferences.json"))
                            .count())
                    .isEqualTo(9);
        }
        Set<String> ids = new HashSet<>();
        for (Task task : Task.values()) {
            List<JsonNode> recs = records(task);
            assertThat(recs).as(task.id()).hasSize(PER_TASK);
            for (JsonNode r : recs) {
                Set<String> expected = new HashSet<>(Set.of(
                        "id",
                        "prompt",
                        "criteria",
                        "criteria_preference",
                        "model1",
                        "model2",
                        "response1",
                        "response2"));
                expected.addAll(media.get(task));
                Set<String> actual = new HashSet<>();
                r.fieldNames().forEachRemaining(actual::add);
                assertThat(actual).as(task + " " + r.path("id")).isEqualTo(expected);
                for (String f : actual) {
                    assertThat(r.get(f).isTextual()).as(f).isTrue();
                    assertThat(r.get(f).asText()).as(f).isNotBlank();
                }
                assertThat(r.get("criteria_preference").asText()).isIn("response1", "response2", "tie");
                assertThat(r.get("model1").asText())
                        .isNotEqualTo(r.get("model2").asText());
                assertThat(ids.add(r.get("id").asText())).as("unique id").isTrue();
                if (media.get(task).contains("response1_path")) {
                    assertThat(r.get("response1").asText())
                            .isEqualTo(r.get("response1_path").asText());
                }
                if (media.get(task).contains("image")) {
                    assertThat(r.get("image").asText())
                            .isEqualTo(r.get("image_path").asText());
                }
            }
        }
        assertThat(summary.totalSamples()).isEqualTo(9 * PER_TASK);
    }

    @Test
    void every_media_path_is_relative_to_media_data_and_exists() throws IOException {
        Path root = demo.resolve(DemoBenchmark.MEDIA_DIR);
        int count = 0;
        for (Task task : Task.values()) {
            for (JsonNode r : records(task)) {
                List<String> paths = DemoBenchmark.mediaPaths(task, r);
                assertThat(paths.size())
                        .as(task.id())
                        .isEqualTo(
                                switch (task) {
                                    case T2T -> 0;
                                    case TI2T, TV2T, TA2T -> 1;
                                    case T2I, T2V, T2A, T23D -> 2;
                                    case TI2I -> 3;
                                });
                for (String p : paths) {
                    assertThat(p).startsWith(task.longName() + "/").doesNotContain("\\");
                    MediaRef ref = MediaRef.underRoot(root, p, Modality.IMAGE);
                    assertThat(ref.exists()).as(p).isTrue();
                    count++;
                }
            }
        }
        assertThat(count).isEqualTo(PER_TASK * (1 + 1 + 1 + 2 + 2 + 2 + 2 + 3));
    }

    @Test
    void labels_are_balanced_between_sides_and_include_ties() throws IOException {
        for (Task task : Task.values()) {
            Map<String, Integer> n = new TreeMap<>();
            for (JsonNode r : records(task)) {
                n.merge(r.get("criteria_preference").asText(), 1, Integer::sum);
            }
            assertThat(n.getOrDefault("tie", 0)).as(task.id()).isEqualTo(2); // 12 / 6
            assertThat(Math.abs(n.get("response1") - n.get("response2")))
                    .as(task.id())
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void preferring_the_longer_text_answer_is_right_only_about_half_the_time() throws IOException {
        int decided = 0;
        int longerWins = 0;
        for (Task task : List.of(Task.T2T, Task.TI2T, Task.TV2T, Task.TA2T)) {
            int taskLonger = 0;
            int taskDecided = 0;
            for (JsonNode r : records(task)) {
                String label = r.get("criteria_preference").asText();
                if (label.equals("tie")) {
                    continue;
                }
                int l1 = r.get("response1").asText().length();
                int l2 = r.get("response2").asText().length();
                taskDecided++;
                if ((l1 > l2) == label.equals("response1")) {
                    taskLonger++;
                }
            }
            assertThat(taskLonger).as(task.id()).isBetween(taskDecided / 2 - 1, taskDecided / 2 + 1);
            decided += taskDecided;
            longerWins += taskLonger;
        }
        assertThat(longerWins / (double) decided).isBetween(0.4, 0.6);
    }

    @Test
    void the_same_seed_gives_byte_identical_files_and_another_seed_does_not() throws IOException {
        Path again = tmp.resolve("again");
        DemoBenchmark.create(again, PER_TASK, SEED, false);
        Map<String, byte[]> a = allFiles(demo);
        Map<String, byte[]> b = allFiles(again);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String f : a.keySet()) {
            assertThat(b.get(f)).as(f).isEqualTo(a.get(f));
        }
        Path other = tmp.resolve("other-seed");
        DemoBenchmark.create(other, PER_TASK, SEED + 1, false);
        assertThat(Files.readString(other.resolve(DemoBenchmark.fileName(Task.T2T))))
                .isNotEqualTo(Files.readString(demo.resolve(DemoBenchmark.fileName(Task.T2T))));
        assertThat(Files.mismatch(
                        other.resolve("media_data/text_to_image/t2i-000_response1.png"),
                        demo.resolve("media_data/text_to_image/t2i-000_response1.png")))
                .as("t2i-000 image of another seed")
                .isNotEqualTo(-1L);
    }

    @Test
    void the_default_demo_is_small() throws IOException {
        Path small = tmp.resolve("default-size");
        DemoBenchmark.Summary s = DemoBenchmark.create(small, DemoBenchmark.DEFAULT_PER_TASK, 0, false)
                .summary();
        assertThat(s.bytes()).isLessThan(5L * 1024 * 1024);
        assertThat(s.bytes())
                .isEqualTo(allFiles(small).entrySet().stream()
                                .filter(e -> !e.getKey().endsWith(DemoBenchmark.MARKER))
                                .mapToLong(e -> e.getValue().length)
                                .sum()
                        + Files.size(small.resolve(DemoBenchmark.MEDIA_DIR).resolve(DemoBenchmark.MARKER)));
    }

    // ------------------------------------------------------------------ create() rules

    @Test
    void an_existing_complete_demo_is_reported_and_left_alone() throws IOException {
        Path dir = tmp.resolve("existing");
        DemoBenchmark.create(dir, 2, 3, false);
        Path t2t = dir.resolve(DemoBenchmark.fileName(Task.T2T));
        byte[] before = Files.readAllBytes(t2t);
        DemoBenchmark.Result again = DemoBenchmark.create(dir, 5, 9, false);
        assertThat(again.outcome()).isEqualTo(DemoBenchmark.Outcome.ALREADY_PRESENT);
        assertThat(again.summary().seed()).isEqualTo(3);
        assertThat(again.summary().samples().get(Task.T2T)).isEqualTo(2);
        assertThat(Files.readAllBytes(t2t)).isEqualTo(before);

        DemoBenchmark.Result forced = DemoBenchmark.create(dir, 5, 9, true);
        assertThat(forced.outcome()).isEqualTo(DemoBenchmark.Outcome.CREATED);
        assertThat(forced.summary().samples().get(Task.T2T)).isEqualTo(5);
        assertThat(DemoBenchmark.existing(dir))
                .hasValueSatisfying(s -> assertThat(s.seed()).isEqualTo(9));
        // media of the old, smaller demo do not linger... and the new ones exist
        try (Stream<Path> files = Files.list(dir.resolve("media_data/text_to_image"))) {
            assertThat(files.count()).isEqualTo(10);
        }
    }

    @Test
    void a_non_empty_folder_that_is_not_a_demo_is_refused_without_force() throws IOException {
        Path dir = tmp.resolve("foreign");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> DemoBenchmark.create(dir, 2, 0, false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not empty")
                .hasMessageContaining("--force");
        DemoBenchmark.create(dir, 2, 0, true);
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("mine");
        assertThat(DemoBenchmark.existing(dir)).isPresent();
    }

    @Test
    void force_never_deletes_a_media_folder_it_did_not_write() throws IOException {
        Path dir = tmp.resolve("real-benchmark");
        Files.createDirectories(dir.resolve("media_data"));
        Files.writeString(dir.resolve("media_data/precious.mp4"), "x");
        assertThatThrownBy(() -> DemoBenchmark.create(dir, 2, 0, true))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not written by demo-data");
        assertThat(dir.resolve("media_data/precious.mp4")).exists();
    }

    @Test
    void a_demo_with_a_missing_media_file_is_not_complete() throws IOException {
        Path dir = tmp.resolve("damaged");
        DemoBenchmark.create(dir, 2, 0, false);
        Files.delete(dir.resolve("media_data/text_to_audio/t2a-001_response2.wav"));
        assertThat(DemoBenchmark.existing(dir)).isEmpty();
        assertThatThrownBy(() -> DemoBenchmark.create(dir, 2, 0, false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("t2a-001_response2.wav");
    }

    // ------------------------------------------------------------------ content matches labels

    @Test
    void t2i_preferred_image_has_the_prompt_colour_at_its_centre() throws IOException {
        int checked = 0;
        for (JsonNode r : records(Task.T2I)) {
            String label = r.get("criteria_preference").asText();
            String criteria = r.get("criteria").asText();
            if (label.equals("tie") || criteria.startsWith("Judge only the shape")) {
                continue;
            }
            String wanted = r.get("prompt").asText().split(" ")[1];
            String other = label.equals("response1") ? "response2" : "response1";
            assertThat(hueAtCentre(r.get(label + "_path").asText()))
                    .as(r.get("id").asText())
                    .isEqualTo(wanted);
            if (criteria.startsWith("Judge only the colour")) {
                assertThat(hueAtCentre(r.get(other + "_path").asText())).isNotEqualTo(wanted);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(2);
    }

    @Test
    void t2a_preferred_clip_has_the_pitch_the_prompt_asks_for() throws IOException {
        int checked = 0;
        for (JsonNode r : records(Task.T2A)) {
            String prompt = r.get("prompt").asText();
            boolean high = prompt.contains("high-pitched");
            if (!high && !prompt.contains("low, deep")) {
                continue;
            }
            String label = r.get("criteria_preference").asText();
            double f1 = AudioDecoder.decode(media(r.get("response1_path").asText()))
                    .clip()
                    .dominantFrequencyHz();
            double f2 = AudioDecoder.decode(media(r.get("response2_path").asText()))
                    .clip()
                    .dominantFrequencyHz();
            if (label.equals("tie")) {
                assertThat(f1 > 1000).isEqualTo(f2 > 1000);
                continue;
            }
            double preferred = label.equals("response1") ? f1 : f2;
            double other = label.equals("response1") ? f2 : f1;
            if (high) {
                assertThat(preferred).isGreaterThan(1000);
                assertThat(other).isLessThan(500);
            } else {
                assertThat(preferred).isLessThan(500);
                assertThat(other).isGreaterThan(1000);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(1);
    }

    @Test
    void t2v_preferred_clip_moves_the_way_the_prompt_says_when_motion_is_judged() throws IOException {
        int checked = 0;
        for (JsonNode r : records(Task.T2V)) {
            String label = r.get("criteria_preference").asText();
            if (label.equals("tie") || !r.get("criteria").asText().startsWith("Judge only the motion")) {
                continue;
            }
            String wanted = directionWord(r.get("prompt").asText());
            String other = label.equals("response1") ? "response2" : "response1";
            assertThat(motion(media(r.get(label).asText())))
                    .as(r.get("id").asText())
                    .isEqualTo(wanted);
            assertThat(motion(media(r.get(other).asText()))).isNotEqualTo(wanted);
            checked++;
        }
        assertThat(checked).isGreaterThan(0);
    }

    @Test
    void ti2i_preferred_background_edit_has_the_requested_colour() throws IOException {
        int checked = 0;
        for (JsonNode r : records(Task.TI2I)) {
            String prompt = r.get("prompt").asText();
            String label = r.get("criteria_preference").asText();
            if (!prompt.startsWith("Make the background ") || label.equals("tie")) {
                continue;
            }
            String wanted = prompt.substring("Make the background ".length(), prompt.length() - 1);
            assertThat(hueAt(media(r.get(label + "_path").asText()), 3, 3)).isEqualTo(wanted);
            assertThat(hueAt(media(r.get("image_path").asText()), 3, 3)).isEqualTo("white");
            checked++;
        }
        assertThat(checked).isGreaterThan(0);
    }

    @Test
    void ti2t_correct_answers_state_the_number_of_circles_drawn() throws IOException {
        int checked = 0;
        for (JsonNode r : records(Task.TI2T)) {
            if (!r.get("prompt").asText().startsWith("How many circles")) {
                continue;
            }
            int drawn = blobs(Images.read(media(r.get("image_path").asText())));
            String label = r.get("criteria_preference").asText();
            if (label.equals("tie")) {
                assertThat(firstNumber(r.get("response1").asText())).isEqualTo(drawn);
                assertThat(firstNumber(r.get("response2").asText())).isEqualTo(drawn);
            } else {
                assertThat(firstNumber(r.get(label).asText()))
                        .as(r.get("id").asText())
                        .isEqualTo(drawn);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(2);
    }

    @Test
    void ta2t_correct_answers_state_the_number_of_beeps_heard() throws IOException {
        int checked = 0;
        for (JsonNode r : records(Task.TA2T)) {
            if (!r.get("prompt").asText().startsWith("How many beeps")) {
                continue;
            }
            int heard = bursts(
                    AudioDecoder.decode(media(r.get("audio_path").asText())).clip());
            String label = r.get("criteria_preference").asText();
            String answer = label.equals("tie")
                    ? r.get("response1").asText()
                    : r.get(label).asText();
            assertThat(firstNumber(answer)).as(r.get("id").asText()).isEqualTo(heard);
            checked++;
        }
        assertThat(checked).isGreaterThan(0);
    }

    @Test
    void tv2t_preferred_direction_answer_names_the_direction_the_ball_moves() throws IOException {
        int checked = 0;
        for (JsonNode r : records(Task.TV2T)) {
            if (!r.get("prompt").asText().startsWith("In which direction")) {
                continue;
            }
            String actual = motion(media(r.get("video").asText()));
            String label = r.get("criteria_preference").asText();
            String answer = label.equals("tie")
                    ? r.get("response1").asText()
                    : r.get(label).asText();
            assertThat(directionWord(answer)).as(r.get("id").asText()).isEqualTo(actual);
            checked++;
        }
        assertThat(checked).isGreaterThan(0);
    }

    // ------------------------------------------------------------------ independent decoders

    private static String hueAtCentre(String relative) throws IOException {
        BufferedImage img = Images.read(media(relative));
        return hueAt(media(relative), img.getWidth() / 2, img.getHeight() / 2);
    }

    /** Names the colour of a pixel by its hue: the standard hue angles of the six colour words. */
    private static String hueAt(Path image, int x, int y) throws IOException {
        Color c = new Color(Images.read(image).getRGB(x, y));
        float[] hsb = Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null);
        if (hsb[1] < 0.2f) {
            return hsb[2] > 0.9f ? "white" : "grey";
        }
        double h = hsb[0] * 360;
        Map<String, Double> names =
                Map.of("red", 0.0, "orange", 30.0, "yellow", 55.0, "green", 125.0, "blue", 225.0, "purple", 280.0);
        String best = null;
        double bestDist = Double.MAX_VALUE;
        for (var e : names.entrySet()) {
            double d = Math.abs(h - e.getValue());
            d = Math.min(d, 360 - d);
            if (d < bestDist) {
                bestDist = d;
                best = e.getKey();
            }
        }
        return best;
    }

    /** "right", "left", "up" or "down": how the centroid of non-white pixels moves from first to last frame. */
    private static String motion(Path video) throws IOException {
        List<BufferedImage> frames = VideoFrames.readAll(video);
        assertThat(frames).hasSize(Content.VIDEO_FRAMES);
        double[] a = centroid(frames.get(0));
        double[] b = centroid(frames.get(frames.size() - 1));
        double dx = b[0] - a[0];
        double dy = b[1] - a[1];
        if (Math.abs(dx) > Math.abs(dy)) {
            return dx > 0 ? "right" : "left";
        }
        return dy > 0 ? "down" : "up";
    }

    private static double[] centroid(BufferedImage img) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color c = new Color(img.getRGB(x, y));
                if (c.getRed() + c.getGreen() + c.getBlue() < 600) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        assertThat(n).as("ball pixels").isGreaterThan(100);
        return new double[] {sx / n, sy / n};
    }

    /** The direction word a text uses first ("to the right", "upwards", …). */
    private static String directionWord(String text) {
        Matcher m = Pattern.compile("to the (right|left)|(up|down)wards", Pattern.CASE_INSENSITIVE)
                .matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return (m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase(java.util.Locale.ROOT);
    }

    /** Connected regions of non-white pixels (4-neighbourhood). */
    private static int blobs(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        boolean[] seen = new boolean[w * h];
        int count = 0;
        for (int i = 0; i < w * h; i++) {
            if (seen[i] || !ink(img, i % w, i / w)) {
                continue;
            }
            count++;
            ArrayList<Integer> stack = new ArrayList<>(List.of(i));
            seen[i] = true;
            while (!stack.isEmpty()) {
                int p = stack.remove(stack.size() - 1);
                int x = p % w;
                int y = p / w;
                int[][] next = {{x + 1, y}, {x - 1, y}, {x, y + 1}, {x, y - 1}};
                for (int[] q : next) {
                    if (q[0] >= 0 && q[0] < w && q[1] >= 0 && q[1] < h) {
                        int k = q[1] * w + q[0];
                        if (!seen[k] && ink(img, q[0], q[1])) {
                            seen[k] = true;
                            stack.add(k);
                        }
                    }
                }
            }
        }
        return count;
    }

    private static boolean ink(BufferedImage img, int x, int y) {
        Color c = new Color(img.getRGB(x, y));
        return c.getRed() + c.getGreen() + c.getBlue() < 650;
    }

    /** Sound bursts: runs of 10 ms windows whose RMS is above 0.05. */
    private static int bursts(AudioClip clip) {
        int win = clip.sampleRate() / 100;
        int count = 0;
        boolean on = false;
        for (int start = 0; start + win <= clip.samples().length; start += win) {
            double sum = 0;
            for (int i = start; i < start + win; i++) {
                sum += clip.samples()[i] * clip.samples()[i];
            }
            boolean loud = Math.sqrt(sum / win) > 0.05;
            if (loud && !on) {
                count++;
            }
            on = loud;
        }
        return count;
    }

    private static int firstNumber(String text) {
        Matcher m = Pattern.compile("\\d+").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return Integer.parseInt(m.group());
    }

    private static Map<String, byte[]> allFiles(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return out;
    }
}
