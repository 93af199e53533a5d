package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Preference;
import org.omnireward.core.Task;
import org.omnireward.core.Verdict;

/**
 * The exact chat-completions JSON the judge sends for each of the nine tasks, as a real HTTP server
 * records it: roles, part types in template order, data URI prefixes, JPEG and WAV contents, frame
 * counts, audio format, HTTP/1.1 and the Authorization header.
 */
class NineTasksWireIT {

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

    private JudgeRun run(Task task, Map<String, String> options) throws Exception {
        try (ChatJudge judge = TestMedia.judge(server, dir.resolve("cache"), withNoCache(options))) {
            PairwiseRequest r = TestMedia.request(task, dir, true);
            Verdict v = judge.judge(r);
            return new JudgeRun(v, server.last());
        }
    }

    private static Map<String, String> withNoCache(Map<String, String> options) {
        java.util.Map<String, String> m = new java.util.HashMap<>(options);
        m.putIfAbsent("cache", "false");
        return m;
    }

    private record JudgeRun(Verdict verdict, FakeChatServer.Recorded request) {
        List<String> types() {
            List<String> out = new ArrayList<>();
            for (JsonNode p : request.userParts()) {
                out.add(p.get("type").asText());
            }
            return out;
        }
    }

    private static List<String> seq(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.add(s);
            } else if (p instanceof Object[] arr) {
                for (Object o : arr) {
                    out.add((String) o);
                }
            }
        }
        return out;
    }

    private static Object[] times(int n, String type) {
        Object[] out = new Object[n];
        java.util.Arrays.fill(out, type);
        return out;
    }

    private static void assertCommon(JudgeRun run, Task task) {
        JsonNode body = run.request().body();
        assertThat(body.get("model").asText()).isEqualTo("test/judge-model");
        assertThat(body.get("messages")).hasSize(2);
        assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("system");
        assertThat(body.get("messages").get(1).get("role").asText()).isEqualTo("user");
        assertThat(run.request().systemText())
                .contains("Prefer the response that is correct for " + task.id())
                .contains("[[A]]")
                .contains("[[B]]")
                .contains("[[C]]");
        assertThat(run.request().userText())
                .contains("[[PROMPT]]\nPrompt of " + task.id())
                .contains("[[END OF PROMPT]]")
                .contains("[[RESPONSE A]]")
                .contains("[[END OF RESPONSE A]]")
                .contains("[[RESPONSE B]]")
                .contains("[[END OF RESPONSE B]]");
        assertThat(run.request().protocol()).isEqualTo("HTTP/1.1");
        assertThat(run.request().header("Upgrade"))
                .as("no HTTP/2 upgrade (vLLM drops such bodies)")
                .isNull();
        assertThat(run.request().header("Authorization"))
                .as("no key set: no Authorization header")
                .isNull();
        assertThat(body.has("stream") && body.get("stream").asBoolean()).isFalse();
        assertThat(run.verdict().preference()).isEqualTo(Preference.RESPONSE1);
        assertThat(run.verdict().rationale()).isEqualTo("Both are fine, but A follows the criterion.");
        assertThat(run.verdict().usage().inputTokens()).isEqualTo(11);
        assertThat(run.verdict().usage().outputTokens()).isEqualTo(7);
    }

    private static void assertJpegParts(JudgeRun run, int expected) {
        int n = 0;
        for (JsonNode p : run.request().userParts()) {
            if (p.get("type").asText().equals("image_url")) {
                String url = p.get("image_url").get("url").asText();
                assertThat(url).startsWith("data:image/jpeg;base64,");
                byte[] jpeg = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
                assertThat(jpeg[0] & 0xff).isEqualTo(0xFF);
                assertThat(jpeg[1] & 0xff).isEqualTo(0xD8);
                assertThat(p.get("image_url").get("detail").asText()).isEqualTo("auto");
                n++;
            }
        }
        assertThat(n).as("image_url parts").isEqualTo(expected);
    }

    private static void assertWavParts(JudgeRun run, int expected) {
        int n = 0;
        for (JsonNode p : run.request().userParts()) {
            if (p.get("type").asText().equals("input_audio")) {
                assertThat(p.get("input_audio").get("format").asText()).isEqualTo("wav");
                byte[] wav = Base64.getDecoder()
                        .decode(p.get("input_audio").get("data").asText());
                assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                        .isEqualTo("RIFF");
                assertThat(new String(wav, 8, 4, java.nio.charset.StandardCharsets.US_ASCII))
                        .isEqualTo("WAVE");
                ByteBuffer bb = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
                assertThat(bb.getShort(22)).as("channels").isEqualTo((short) 1);
                assertThat(bb.getInt(24)).as("sample rate").isEqualTo(16_000);
                assertThat(bb.getShort(34)).as("bits per sample").isEqualTo((short) 16);
                n++;
            }
        }
        assertThat(n).as("input_audio parts").isEqualTo(expected);
    }

    @Test
    void t2t_sends_one_plain_text_user_message() throws Exception {
        JudgeRun run = run(Task.T2T, Map.of());
        assertCommon(run, Task.T2T);
        assertThat(run.request().body().get("messages").get(1).get("content").isTextual())
                .isTrue();
        assertThat(run.request().userText())
                .isEqualTo("[[PROMPT]]\nPrompt of t2t\n[[END OF PROMPT]]\n[[RESPONSE A]]\n"
                        + "Paris is the capital of France.\n[[END OF RESPONSE A]]\n[[RESPONSE B]]\nI think it is Lyon.\n"
                        + "[[END OF RESPONSE B]]");
    }

    @Test
    void ti2t_places_the_input_image_inside_the_prompt_section() throws Exception {
        JudgeRun run = run(Task.TI2T, Map.of());
        assertCommon(run, Task.TI2T);
        assertThat(run.types()).containsExactly("text", "image_url", "text");
        assertThat(run.request().userParts().get(0).get("text").asText())
                .isEqualTo("[[PROMPT]]\nPrompt of ti2t\n(Image 1 of this message: the image of the prompt.)\n");
        assertThat(run.request().userParts().get(2).get("text").asText())
                .startsWith("\n[[END OF PROMPT]]\n[[RESPONSE A]]\nA red square.");
        assertJpegParts(run, 1);
    }

    @Test
    void tv2t_sends_10_frames_of_the_input_video_by_default() throws Exception {
        JudgeRun run = run(Task.TV2T, Map.of());
        assertCommon(run, Task.TV2T);
        assertThat(run.types()).containsExactlyElementsOf(seq("text", times(10, "image_url"), "text"));
        assertThat(run.request().userParts().get(0).get("text").asText())
                .contains("(Images 1 to 10 of this message: the video of the prompt, a video shown as 10 frames");
        assertJpegParts(run, 10);
    }

    @Test
    void tv2t_frames_option_changes_the_count() throws Exception {
        JudgeRun run = run(Task.TV2T, Map.of("frames", "3"));
        assertThat(run.types()).containsExactlyElementsOf(seq("text", times(3, "image_url"), "text"));
    }

    @Test
    void ta2t_sends_the_input_clip_as_16_khz_wav_input_audio() throws Exception {
        JudgeRun run = run(Task.TA2T, Map.of());
        assertCommon(run, Task.TA2T);
        assertThat(run.types()).containsExactly("text", "input_audio", "text");
        assertWavParts(run, 1);
    }

    @Test
    void t2i_places_each_image_between_its_response_markers() throws Exception {
        JudgeRun run = run(Task.T2I, Map.of());
        assertCommon(run, Task.T2I);
        assertThat(run.types()).containsExactly("text", "image_url", "text", "image_url", "text");
        List<JsonNode> parts = run.request().userParts();
        assertThat(parts.get(0).get("text").asText())
                .endsWith("[[RESPONSE A]]\n(Image 1 of this message: Response A.)\n");
        assertThat(parts.get(2).get("text").asText())
                .isEqualTo("\n[[END OF RESPONSE A]]\n[[RESPONSE B]]\n(Image 2 of this message: Response B.)\n");
        assertThat(parts.get(4).get("text").asText()).isEqualTo("\n[[END OF RESPONSE B]]");
        assertJpegParts(run, 2);
    }

    @Test
    void t2v_sends_5_frames_per_response_video() throws Exception {
        JudgeRun run = run(Task.T2V, Map.of());
        assertCommon(run, Task.T2V);
        assertThat(run.types())
                .containsExactlyElementsOf(seq("text", times(5, "image_url"), "text", times(5, "image_url"), "text"));
        assertJpegParts(run, 10);
    }

    @Test
    void t2v_native_video_mode_sends_video_url_data_uris() throws Exception {
        JudgeRun run = run(Task.T2V, Map.of("video-mode", "native"));
        assertThat(run.types()).containsExactly("text", "video_url", "text", "video_url", "text");
        for (JsonNode p : run.request().userParts()) {
            if (p.get("type").asText().equals("video_url")) {
                assertThat(p.get("video_url").get("url").asText()).startsWith("data:video/mp4;base64,");
            }
        }
    }

    @Test
    void t2a_sends_two_input_audio_parts() throws Exception {
        JudgeRun run = run(Task.T2A, Map.of());
        assertCommon(run, Task.T2A);
        assertThat(run.types()).containsExactly("text", "input_audio", "text", "input_audio", "text");
        assertWavParts(run, 2);
    }

    @Test
    void t2a_concat_mode_sends_one_joined_clip_and_says_a_plays_first() throws Exception {
        JudgeRun run = run(Task.T2A, Map.of("audio-mode", "concat"));
        assertThat(run.types()).containsExactly("text", "input_audio", "text");
        assertWavParts(run, 1);
        assertThat(run.request().userText())
                .contains("Response A plays first")
                .contains("Response B is the second half");
        JsonNode audio = run.request().userParts().get(1).get("input_audio");
        byte[] wav = Base64.getDecoder().decode(audio.get("data").asText());
        int dataBytes = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).getInt(40);
        assertThat(dataBytes / 2)
                .as("samples: 0.3 s + 1 s silence + 0.3 s at 16 kHz")
                .isBetween(25_000, 27_000);
    }

    @Test
    void t23d_sends_the_render_images() throws Exception {
        JudgeRun run = run(Task.T23D, Map.of());
        assertCommon(run, Task.T23D);
        assertThat(run.types()).containsExactly("text", "image_url", "text", "image_url", "text");
        assertJpegParts(run, 2);
    }

    @Test
    void ti2i_puts_the_source_image_between_original_image_markers() throws Exception {
        JudgeRun run = run(Task.TI2I, Map.of());
        assertCommon(run, Task.TI2I);
        assertThat(run.types()).containsExactly("text", "image_url", "text", "image_url", "text", "image_url", "text");
        List<JsonNode> parts = run.request().userParts();
        assertThat(parts.get(0).get("text").asText())
                .endsWith("[[END OF PROMPT]]\n[[ORIGINAL_IMAGE]]\n(Image 1 of this message: the original image.)\n");
        assertThat(parts.get(2).get("text").asText()).startsWith("\n[[END OF ORIGINAL_IMAGE]]\n[[RESPONSE A]]");
        assertJpegParts(run, 3);
    }

    @Test
    void the_no_ties_setting_does_not_offer_c() throws Exception {
        try (ChatJudge judge = TestMedia.judge(server, dir, Map.of("cache", "false"))) {
            judge.judge(TestMedia.request(Task.T2T, dir, false));
        }
        assertThat(server.last().systemText())
                .contains("[[A]]")
                .contains("[[B]]")
                .doesNotContain("[[C]]");
    }

    @Test
    void an_api_key_from_the_named_variable_is_sent_as_a_bearer_token() throws Exception {
        try (ChatJudge judge = TestMedia.judge(
                server, dir, Map.of("cache", "false", "api-key-env", "MY_KEY"), Map.of("MY_KEY", "sk-test-123"))) {
            judge.judge(TestMedia.request(Task.T2T, dir, true));
        }
        assertThat(server.last().header("Authorization")).isEqualTo("Bearer sk-test-123");
    }
}
