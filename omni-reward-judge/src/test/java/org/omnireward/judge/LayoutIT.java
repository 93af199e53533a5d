package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Response;
import org.omnireward.core.Task;

/**
 * Where media sit in the user message: our layout (each medium in its section, its place and side
 * named in text, so a server that moves media to the front keeps them decidable) and the authors'
 * (the placement of HongbangYuan/OmniReward's evaluation code per task: ti2t image in an [[IMAGE]]
 * block, tv2t frames after the responses, audio first, t2a clips joined, images at original size),
 * and vLLM's frame-list video form.
 */
class LayoutIT {

    @TempDir
    Path dir;

    private FakeChatServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeChatServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private FakeChatServer.Recorded send(PairwiseRequest r, String... options) {
        Map<String, String> o = new HashMap<>(Map.of("cache", "false"));
        for (int i = 0; i < options.length; i += 2) {
            o.put(options[i], options[i + 1]);
        }
        try (ChatJudge judge = TestMedia.judge(server, dir.resolve("cache"), o)) {
            judge.judge(r);
        }
        return server.last();
    }

    private FakeChatServer.Recorded authors(Task t) throws Exception {
        return send(TestMedia.request(t, dir, true), "layout", "authors");
    }

    private static List<String> types(FakeChatServer.Recorded r) {
        List<String> out = new ArrayList<>();
        r.userParts().forEach(p -> out.add(p.get("type").asText()));
        return out;
    }

    private static String text(FakeChatServer.Recorded r, int part) {
        return r.userParts().get(part).get("text").asText();
    }

    private static List<String> repeat(String first, int n, String type, String... after) {
        List<String> out = new ArrayList<>(List.of(first));
        for (int i = 0; i < n; i++) {
            out.add(type);
        }
        out.addAll(List.of(after));
        return out;
    }

    private static BufferedImage jpeg(String dataUri) throws Exception {
        return ImageIO.read(
                new ByteArrayInputStream(Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf(',') + 1))));
    }

    // ---- the authors' placement, task by task -----------------------------------------------------------

    @Test
    void authors_t2t_is_plain_text() throws Exception {
        FakeChatServer.Recorded r = authors(Task.T2T);
        assertThat(r.body().get("messages").get(1).get("content").isTextual()).isTrue();
        assertThat(r.userText()).startsWith("[[PROMPT]]\nPrompt of t2t\n[[END OF PROMPT]]\n[[RESPONSE A]]");
    }

    @Test
    void authors_ti2t_puts_the_image_in_an_image_block_after_the_prompt() throws Exception {
        FakeChatServer.Recorded r = authors(Task.TI2T);
        assertThat(types(r)).containsExactly("text", "image_url", "text");
        assertThat(text(r, 0)).isEqualTo("[[PROMPT]]\nPrompt of ti2t\n[[END OF PROMPT]]\n[[IMAGE]]\n");
        assertThat(text(r, 2)).startsWith("\n[[END OF IMAGE]]\n[[RESPONSE A]]\nA red square.");
    }

    @Test
    void authors_tv2t_puts_the_frames_after_the_responses() throws Exception {
        FakeChatServer.Recorded r = authors(Task.TV2T);
        assertThat(types(r)).containsExactlyElementsOf(repeat("text", 10, "image_url"));
        assertThat(text(r, 0))
                .startsWith("[[PROMPT]]\nPrompt of tv2t\n[[END OF PROMPT]]\n[[RESPONSE A]]")
                .endsWith("[[END OF RESPONSE B]]\n")
                .doesNotContain("frames");
    }

    @Test
    void authors_ta2t_sends_the_audio_first() throws Exception {
        FakeChatServer.Recorded r = authors(Task.TA2T);
        assertThat(types(r)).containsExactly("input_audio", "text");
        assertThat(text(r, 1)).startsWith("\n[[PROMPT]]\nPrompt of ta2t\n[[END OF PROMPT]]\n[[RESPONSE A]]");
    }

    @Test
    void authors_t2a_sends_one_joined_clip_first_and_says_which_half_is_which() throws Exception {
        FakeChatServer.Recorded r = authors(Task.T2A);
        assertThat(types(r)).containsExactly("input_audio", "text");
        assertThat(text(r, 1))
                .startsWith("\n[[PROMPT]]\nPrompt of t2a\n[[END OF PROMPT]]\n")
                .contains("Response A plays first")
                .doesNotContain("[[RESPONSE A]]");
    }

    @Test
    void authors_t2i_t23d_t2v_and_ti2i_keep_media_in_their_sections_without_side_lines() throws Exception {
        for (Task t : List.of(Task.T2I, Task.T23D)) {
            FakeChatServer.Recorded r = authors(t);
            assertThat(types(r)).containsExactly("text", "image_url", "text", "image_url", "text");
            assertThat(text(r, 0)).endsWith("[[RESPONSE A]]\n");
            assertThat(r.userText()).doesNotContain("of this message");
        }
        FakeChatServer.Recorded v = authors(Task.T2V);
        List<String> expected = repeat("text", 5, "image_url", "text");
        expected.addAll(repeat("image_url", 4, "image_url", "text"));
        assertThat(types(v)).containsExactlyElementsOf(expected);
        assertThat(text(v, 0)).endsWith("[[RESPONSE A]]\n");
        FakeChatServer.Recorded e = authors(Task.TI2I);
        assertThat(types(e)).containsExactly("text", "image_url", "text", "image_url", "text", "image_url", "text");
        assertThat(text(e, 0)).endsWith("[[END OF PROMPT]]\n[[ORIGINAL_IMAGE]]\n");
    }

    @Test
    void authors_layout_keeps_images_at_their_size_ours_scales_them_to_1024() throws Exception {
        PairwiseRequest wide = new PairwiseRequest(
                Task.TI2T,
                "c",
                "p",
                List.of(TestMedia.png("wide.png", Color.RED, 1500, 400)),
                Response.text("a"),
                Response.text("b"),
                true);
        FakeChatServer.Recorded authors = send(wide, "layout", "authors");
        BufferedImage original =
                jpeg(authors.userParts().get(1).get("image_url").get("url").asText());
        assertThat(original.getWidth()).isEqualTo(1500);
        assertThat(original.getHeight()).isEqualTo(400);
        FakeChatServer.Recorded ours = send(wide);
        BufferedImage scaled =
                jpeg(ours.userParts().get(1).get("image_url").get("url").asText());
        assertThat(scaled.getWidth()).isEqualTo(1024);
    }

    // ---- our layout: every medium's place and side in text -----------------------------------------------

    @Test
    void ours_names_each_videos_frames_and_side() throws Exception {
        FakeChatServer.Recorded r = send(TestMedia.request(Task.T2V, dir, true));
        assertThat(text(r, 0))
                .endsWith("[[RESPONSE A]]\n(Images 1 to 5 of this message: Response A, a video shown as 5 "
                        + "frames taken at equal intervals, in time order.)\n");
        assertThat(text(r, 6))
                .endsWith("[[RESPONSE B]]\n(Images 6 to 10 of this message: Response B, a video shown as 5 "
                        + "frames taken at equal intervals, in time order.)\n");
    }

    @Test
    void ours_names_each_audio_clips_side() throws Exception {
        FakeChatServer.Recorded r = send(TestMedia.request(Task.T2A, dir, true));
        assertThat(text(r, 0)).endsWith("[[RESPONSE A]]\n(Audio clip 1 of this message: Response A.)\n");
        assertThat(text(r, 2)).endsWith("[[RESPONSE B]]\n(Audio clip 2 of this message: Response B.)\n");
    }

    // ---- vLLM's frame list ----------------------------------------------------------------------------------

    @Test
    void frame_list_sends_our_sampled_frames_as_one_video_url_per_video() throws Exception {
        FakeChatServer.Recorded r =
                send(TestMedia.request(Task.T2V, dir, true), "video-mode", "frame-list", "frames", "4");
        assertThat(types(r)).containsExactly("text", "video_url", "text", "video_url", "text");
        assertThat(text(r, 0)).endsWith("(Video 1 of this message: Response A.)\n");
        assertThat(text(r, 2)).endsWith("(Video 2 of this message: Response B.)\n");
        for (JsonNode p : r.userParts()) {
            if (p.get("type").asText().equals("video_url")) {
                String url = p.get("video_url").get("url").asText();
                assertThat(url).startsWith("data:video/jpeg;base64,");
                String[] frames =
                        url.substring("data:video/jpeg;base64,".length()).split(",");
                assertThat(frames).hasSize(4);
                for (String f : frames) {
                    byte[] jpeg = Base64.getDecoder().decode(f);
                    assertThat(jpeg[0] & 0xff).isEqualTo(0xFF);
                    assertThat(jpeg[1] & 0xff).isEqualTo(0xD8);
                }
            }
        }
    }
}
