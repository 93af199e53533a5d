package org.omnireward.judge;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.media.AudioClip;
import org.omnireward.media.Images;
import org.omnireward.media.Mp4Encoder;
import org.omnireward.media.Wav;

/** Media made in code for the judge's tests, and requests of every task built from them. */
final class TestMedia {

    private TestMedia() {}

    /** A PNG with a coloured square, {@code w}×{@code h}, half transparent background. */
    static MediaRef png(String name, Color color, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0, 0, 0, 0));
        g.fillRect(0, 0, w, h);
        g.setColor(color);
        g.fillRect(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        return MediaRef.ofBytes(Images.toPngBytes(img), name, Modality.IMAGE);
    }

    /** A 16-bit mono WAV tone at 22.05 kHz (the judge must resample it to 16 kHz). */
    static MediaRef tone(String name, double hz, double seconds) {
        return MediaRef.ofBytes(Wav.toBytes(AudioClip.sine(hz, seconds, 22_050, 0.5)), name, Modality.AUDIO);
    }

    /** A 2-second 64×48 MP4 clip at 12 fps under {@code dir}, the colour moving from red to blue. */
    static MediaRef clip(Path dir, String name) throws IOException {
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            BufferedImage f = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = f.createGraphics();
            g.setColor(new Color(255 - i * 10, 40, i * 10));
            g.fillRect(0, 0, 64, 48);
            g.dispose();
            frames.add(f);
        }
        Mp4Encoder.write(dir.resolve(name), frames, 12);
        return MediaRef.underRoot(dir, name, Modality.VIDEO);
    }

    /** A request of {@code task} whose media are made in code (videos written under {@code dir}). */
    static PairwiseRequest request(Task task, Path dir, boolean allowTies) throws IOException {
        List<MediaRef> inputs = new ArrayList<>();
        Response a;
        Response b;
        switch (task) {
            case T2T -> {
                a = Response.text("Paris is the capital of France.");
                b = Response.text("I think it is Lyon.");
            }
            case TI2T -> {
                inputs.add(png("input.png", Color.RED, 80, 60));
                a = Response.text("A red square.");
                b = Response.text("A green circle.");
            }
            case TV2T -> {
                inputs.add(clip(dir, "input.mp4"));
                a = Response.text("The colour fades from red to blue.");
                b = Response.text("Nothing changes.");
            }
            case TA2T -> {
                inputs.add(tone("input.wav", 440, 0.5));
                a = Response.text("A 440 Hz tone.");
                b = Response.text("Speech.");
            }
            case T2I, T23D -> {
                a = Response.media(png("a.png", Color.RED, 40, 40));
                b = Response.media(png("b.png", Color.BLUE, 40, 40));
            }
            case T2V -> {
                a = Response.media(clip(dir, "a.mp4"));
                b = Response.media(clip(dir, "b.mp4"));
            }
            case T2A -> {
                a = Response.media(tone("a.wav", 440, 0.3));
                b = Response.media(tone("b.wav", 880, 0.3));
            }
            case TI2I -> {
                inputs.add(png("source.png", Color.GREEN, 40, 40));
                a = Response.media(png("a.png", Color.RED, 40, 40));
                b = Response.media(png("b.png", Color.BLUE, 40, 40));
            }
            default -> throw new IllegalArgumentException(task.id());
        }
        return new PairwiseRequest(
                task,
                "Prefer the response that is correct for " + task.id() + ".",
                "Prompt of " + task.id(),
                inputs,
                a,
                b,
                allowTies);
    }

    /** An {@code openai:test/judge-model} judge against {@code server} made by the provider, cache under {@code cacheDir}. */
    /**
     * The samples both judge contract suites use: two text pairs where the response mentioning
     * "good" wins, and a t2i pair whose second (red) image wins, as the scripted servers decide.
     */
    static List<PreferenceSample> contractSamples() {
        return List.of(
                PreferenceSample.builder()
                        .id("t2t-1")
                        .task(Task.T2T)
                        .prompt("Say something.")
                        .criteria("Be good.")
                        .label(Preference.RESPONSE1)
                        .response1(Response.text("a good answer"))
                        .response2(Response.text("a poor answer"))
                        .build(),
                PreferenceSample.builder()
                        .id("t2t-2")
                        .task(Task.T2T)
                        .prompt("Say more.")
                        .criteria("Be good.")
                        .label(Preference.RESPONSE2)
                        .response1(Response.text("weak"))
                        .response2(Response.text("good"))
                        .build(),
                PreferenceSample.builder()
                        .id("t2i-1")
                        .task(Task.T2I)
                        .prompt("A red square.")
                        .criteria("Red.")
                        .label(Preference.RESPONSE2)
                        .response1(Response.media(png("a.png", Color.BLUE, 32, 32)))
                        .response2(Response.media(png("b.png", Color.RED, 32, 32)))
                        .build());
    }

    static ChatJudge judge(FakeChatServer server, Path cacheDir, Map<String, String> options) {
        return judge(server, cacheDir, options, Map.of());
    }

    static ChatJudge judge(FakeChatServer server, Path cacheDir, Map<String, String> options, Map<String, String> env) {
        java.util.Map<String, String> opts = new java.util.TreeMap<>(options);
        opts.putIfAbsent("base-url", server.baseUrl());
        opts.putIfAbsent("capabilities", "text,image,video,audio");
        ModelSpec spec = ModelSpec.parse("openai:test/judge-model", opts);
        OpenAiJudgeProvider provider = new OpenAiJudgeProvider(
                env::get,
                key -> key.equals(ResponseCache.DIRECTORY_PROPERTY) ? cacheDir.toString() : System.getProperty(key));
        for (org.omnireward.core.ModelOption o : provider.options()) {
            spec.option(o.name()).ifPresent(v -> o.validate(spec.toString(), v));
        }
        return (ChatJudge) provider.create(spec);
    }

    static UnaryOperator<String> none() {
        return k -> null;
    }
}
