package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Media support is optional for a text-only judge: a teacher and a verifier that only see text load no
 * class of the media module and none of FFmpeg's (JavaCV, JavaCPP); shown an image, the same program
 * loads the media module — so the check can fail. Runs {@link TextOnlyJudgeMain} in a child JVM with
 * {@code -Xlog:class+load} and reads the classes it loaded.
 */
class MediaOnDemandIT {

    private static List<String> loadedClasses(String mode) throws Exception {
        String classPath = System.getProperty("java.class.path");
        Assumptions.assumeTrue(
                classPath != null && !classPath.isBlank(),
                "skipped: the test class path is not visible to a child JVM");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(
                java.toString(),
                "-Xlog:class+load=info:stdout",
                "-cp",
                classPath,
                TextOnlyJudgeMain.class.getName(),
                mode));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(out.length() > 4000 ? out.substring(out.length() - 4000) : out)
                .isZero();
        assertThat(out).contains("verdict A", "done");
        List<String> classes = new ArrayList<>();
        for (String line : out.split("\n")) {
            int at = line.indexOf("[class,load] ");
            if (at >= 0) {
                String rest = line.substring(at + "[class,load] ".length());
                classes.add(rest.split(" ")[0]);
            }
        }
        assertThat(classes).as("class loading was logged").contains(TextOnlyJudgeMain.class.getName());
        return classes;
    }

    @Test
    void a_text_only_teacher_and_verifier_load_no_media_class_and_no_ffmpeg() throws Exception {
        List<String> classes = loadedClasses("text");
        assertThat(classes)
                .filteredOn(c -> c.startsWith("org.omnireward.media.")
                        || c.startsWith("org.bytedeco.")
                        || c.startsWith("com.twelvemonkeys."))
                .isEmpty();
        assertThat(classes).contains("org.omnireward.judge.OnFirstUseMediaEncoder");
    }

    @Test
    void shown_an_image_the_same_program_loads_the_media_module() throws Exception {
        List<String> classes = loadedClasses("image");
        assertThat(classes).contains("org.omnireward.media.prepare.MediaPreparer");
    }
}
