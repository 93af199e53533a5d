package org.omnireward.media.prepare;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;

/** One preparer shared by many threads: every result equals the single-threaded one. */
class MediaPreparerConcurrencyIT {

    @TempDir
    Path dir;

    @Test
    void one_preparer_serves_many_threads_with_the_same_results() throws Exception {
        Path clip = TestClips.video(dir.resolve("c.mp4"), "mp4", "mpeg4", 128, 80, 12, 3.0);
        Path tone = TestClips.audio(dir.resolve("t.flac"), "flac", "flac", 16000, 440, 1.0);
        byte[] png = TestImages.write(TestImages.redLeftBlueRight(300, 200, BufferedImage.TYPE_INT_ARGB), "png");
        Files.write(dir.resolve("i.png"), png);
        MediaRef video = MediaRef.underRoot(dir, "c.mp4", Modality.VIDEO);
        MediaRef audio = MediaRef.underRoot(dir, "t.flac", Modality.AUDIO);
        MediaRef image = MediaRef.underRoot(dir, "i.png", Modality.IMAGE);
        List<PreparedImage> expectedFrames;
        PreparedAudio expectedAudio;
        PreparedImage expectedImage;
        try (MediaPreparer single = MediaPreparer.builder().optCacheBytes(0).build()) {
            expectedFrames = single.videoFrames(video, 5);
            expectedAudio = single.audio(audio);
            expectedImage = single.image(image);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (MediaPreparer shared = MediaPreparer.builder().optCacheBytes(0).build()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                int kind = i % 3;
                futures.add(pool.submit(() -> {
                    switch (kind) {
                        case 0 -> {
                            List<PreparedImage> got = shared.videoFrames(video, 5);
                            for (int k = 0; k < 5; k++) {
                                assertThat(got.get(k).jpeg())
                                        .isEqualTo(expectedFrames.get(k).jpeg());
                            }
                        }
                        case 1 -> assertThat(shared.audio(audio).wav()).isEqualTo(expectedAudio.wav());
                        default -> assertThat(shared.image(image).jpeg()).isEqualTo(expectedImage.jpeg());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
