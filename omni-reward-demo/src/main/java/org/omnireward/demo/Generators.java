package org.omnireward.demo;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnireward.demo.Choices.Answers;
import org.omnireward.demo.Choices.Judged;
import org.omnireward.demo.Choices.Pick;
import org.omnireward.demo.Choices.TextPair;
import org.omnireward.demo.Content.Direction;
import org.omnireward.media.AudioClip;

/**
 * One generator per task. Each makes a prompt, two responses and a criterion whose verdict (the
 * planned label) is true of the generated content, and returns the record with the official field
 * names (protocol.md, "A sample") in the official order.
 */
final class Generators {

    private static final List<String> CHAT_MODELS =
            List.of("demo-chat-small", "demo-chat-medium", "demo-chat-large", "demo-chat-tuned");
    private static final List<String> IMAGE_MODELS = List.of("demo-painter-v1", "demo-painter-v2", "demo-painter-xl");
    private static final List<String> EDIT_MODELS = List.of("demo-editor-a", "demo-editor-b", "demo-editor-c");
    private static final List<String> VIDEO_MODELS = List.of("demo-animator-a", "demo-animator-b", "demo-animator-c");
    private static final List<String> AUDIO_MODELS = List.of("demo-synth-a", "demo-synth-b", "demo-synth-c");
    private static final List<String> MESH_MODELS = List.of("demo-modeller-a", "demo-modeller-b", "demo-modeller-c");

    private Generators() {}

    static Map<String, Object> generate(SampleContext c) throws IOException {
        return switch (c.task) {
            case T2T -> TextToText.generate(c);
            case TI2T -> textImageToText(c);
            case TV2T -> textVideoToText(c);
            case TA2T -> textAudioToText(c);
            case T2I -> textToImage(c);
            case T2V -> textToVideo(c);
            case T2A -> textToAudio(c);
            case T23D -> textTo3d(c);
            case TI2I -> textImageToImage(c);
        };
    }

    /** Starts a record: id, prompt, criteria, criteria_preference, model1, model2. */
    static Map<String, Object> record(SampleContext c, String prompt, String criteria, List<String> modelPool) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", c.id);
        r.put("prompt", prompt);
        r.put("criteria", criteria);
        r.put("criteria_preference", c.label.wireName());
        List<String> models = c.models(modelPool);
        r.put("model1", models.get(0));
        r.put("model2", models.get(1));
        return r;
    }

    /** Text responses. */
    static void textResponses(SampleContext c, Map<String, Object> r, TextPair p) {
        List<String> s = c.sides(p.preferred(), p.other());
        r.put("response1", s.get(0));
        r.put("response2", s.get(1));
    }

    /** Media responses of image/audio tasks: the path in both {@code responseN} and {@code responseN_path}. */
    private static void mediaResponses(Map<String, Object> r, String path1, String path2) {
        r.put("response1", path1);
        r.put("response2", path2);
        r.put("response1_path", path1);
        r.put("response2_path", path2);
    }

    // ---------------------------------------------------------------- understanding tasks

    private static Map<String, Object> textImageToText(SampleContext c) throws IOException {
        Hue hue = Hue.random(c.rnd);
        int count = 1 + c.rnd.nextInt(6);
        String image = c.png("image", Content.circles(count, hue.color, c.rnd));
        String prompt;
        Answers a;
        if (c.rnd.nextInt(3) < 2) {
            int wrong = count == 1 || c.rnd.nextBoolean() ? count + 1 : count - 1;
            prompt = "How many circles are in the image?";
            a = new Answers(count + ".", countingAnswer(count, hue), wrong + ".", countingAnswer(wrong, hue));
        } else {
            Hue wrong = Hue.otherThan(c.rnd, hue);
            prompt = "What colour are the circles in the image?";
            a = new Answers(
                    capitalize(hue.word) + ".",
                    colourAnswer(hue, count),
                    capitalize(wrong.word) + ".",
                    colourAnswer(wrong, count));
        }
        TextPair p = Choices.text(c, a, "image");
        Map<String, Object> r = record(c, prompt, p.criterion(), CHAT_MODELS);
        textResponses(c, r, p);
        r.put("image", image);
        r.put("image_path", image);
        return r;
    }

    private static String countingAnswer(int n, Hue hue) {
        return "Looking at the image, I count " + n + " " + hue.word + " circle" + (n == 1 ? "" : "s")
                + " on a plain white background, none of them overlapping, so the answer is " + n + ".";
    }

    private static String colourAnswer(Hue hue, int n) {
        return "Looking at the image, " + (n == 1 ? "the only circle is " : "all of the circles are the same colour, ")
                + hue.word + ", and they stand out clearly against the plain white background.";
    }

    private static Map<String, Object> textVideoToText(SampleContext c) throws IOException {
        Hue hue = Hue.random(c.rnd);
        Direction dir = Direction.random(c.rnd);
        String video = c.mp4("video", Content.movingBall(hue.color, dir));
        String prompt;
        Answers a;
        if (c.rnd.nextInt(3) < 2) {
            Direction wrong = c.rnd.nextBoolean() ? dir.opposite() : Direction.otherThan(c.rnd, dir);
            prompt = "In which direction does the ball move?";
            a = new Answers(
                    capitalize(dir.phrase) + ".",
                    motionAnswer(hue, dir),
                    capitalize(wrong.phrase) + ".",
                    motionAnswer(hue, wrong));
        } else {
            Hue wrong = Hue.otherThan(c.rnd, hue);
            prompt = "What colour is the ball in the video?";
            a = new Answers(
                    capitalize(hue.word) + ".",
                    ballColourAnswer(hue, dir),
                    capitalize(wrong.word) + ".",
                    ballColourAnswer(wrong, dir));
        }
        TextPair p = Choices.text(c, a, "video");
        Map<String, Object> r = record(c, prompt, p.criterion(), CHAT_MODELS);
        textResponses(c, r, p);
        r.put("video", video);
        return r;
    }

    private static String motionAnswer(Hue hue, Direction dir) {
        return "In the first frames the " + hue.word + " ball is near " + dir.start() + " of the frame; it then moves "
                + "steadily " + dir.phrase + " until it reaches " + dir.end() + ", so it moves " + dir.phrase + ".";
    }

    private static String ballColourAnswer(Hue hue, Direction dir) {
        return "Throughout the clip the ball is " + hue.word + "; it keeps that colour while it moves " + dir.phrase
                + " across the white background.";
    }

    private static Map<String, Object> textAudioToText(SampleContext c) throws IOException {
        double amp = 0.3 + 0.3 * c.rnd.nextDouble();
        int kind = c.rnd.nextInt(3);
        AudioClip clip;
        String prompt;
        Answers a;
        if (kind == 0) {
            int n = 2 + c.rnd.nextInt(3);
            int wrong = c.rnd.nextBoolean() ? n + 1 : n - 1;
            clip = Content.beeps(n, amp);
            prompt = "How many beeps do you hear?";
            a = new Answers(n + ".", beepAnswer(n), wrong + ".", beepAnswer(wrong));
        } else if (kind == 1) {
            boolean tone = c.rnd.nextBoolean();
            clip = tone ? Content.tone(400 + 100 * c.rnd.nextInt(8), amp) : Content.noise(amp, c.rnd.nextLong());
            prompt = "What kind of sound is this?";
            String toneShort = "A pure tone.";
            String noiseShort = "White noise.";
            String toneLong =
                    "It is a steady pure tone: one constant pitch for the whole clip, with no hiss and no change in loudness.";
            String noiseLong =
                    "It is white noise: a steady hiss like radio static for the whole clip, with no clear pitch.";
            a = tone
                    ? new Answers(toneShort, toneLong, noiseShort, noiseLong)
                    : new Answers(noiseShort, noiseLong, toneShort, toneLong);
        } else {
            boolean high = c.rnd.nextBoolean();
            clip = Content.tone(high ? 1800 + 100 * c.rnd.nextInt(5) : 150 + 25 * c.rnd.nextInt(5), amp);
            prompt = "Is the tone high-pitched or low-pitched?";
            String highShort = "High-pitched.";
            String lowShort = "Low-pitched.";
            String highLong =
                    "It is a high-pitched tone: a thin, whistle-like beep that stays at the same pitch for the whole clip.";
            String lowLong =
                    "It is a low-pitched tone: a deep, steady hum that stays at the same pitch for the whole clip.";
            a = high
                    ? new Answers(highShort, highLong, lowShort, lowLong)
                    : new Answers(lowShort, lowLong, highShort, highLong);
        }
        String audio = c.wav("audio", clip);
        TextPair p = Choices.text(c, a, "audio");
        Map<String, Object> r = record(c, prompt, p.criterion(), CHAT_MODELS);
        textResponses(c, r, p);
        r.put("audio", audio);
        r.put("audio_path", audio);
        return r;
    }

    private static String beepAnswer(int n) {
        return "Listening from start to end, I hear " + n
                + " short beeps at the same pitch, separated by brief pauses, " + "and then silence, so there are " + n
                + " beeps.";
    }

    // ---------------------------------------------------------------- generation tasks

    private static Map<String, Object> textToImage(SampleContext c) throws IOException {
        Shape2d shape = Shape2d.random(c.rnd);
        Hue hue = Hue.random(c.rnd);
        Judged judged = Choices.judged(c);
        List<Pick<Shape2d, Hue>> picks = Choices.attributes(
                c,
                judged,
                shape,
                hue,
                s -> Shape2d.otherThan(c.rnd, s),
                h -> Hue.otherThan(c.rnd, h),
                () -> Shape2d.random(c.rnd),
                () -> Hue.random(c.rnd));
        String criteria = switch (judged) {
            case BOTH -> "Prefer the image whose object has both the shape and the colour named in the prompt.";
            case FIRST ->
                "Judge only the shape: prefer the image whose object has the shape named in the prompt, whatever its colour.";
            case SECOND ->
                "Judge only the colour: prefer the image whose object has the colour named in the prompt, whatever its shape.";
        };
        List<Pick<Shape2d, Hue>> s = c.sides(picks.get(0), picks.get(1));
        Map<String, Object> r = record(
                c,
                article(hue.word) + " " + hue.word + " " + shape.word + " on a white background",
                criteria,
                IMAGE_MODELS);
        mediaResponses(
                r,
                c.png("response1", Content.shape(s.get(0).first(), s.get(0).second().color, Color.WHITE)),
                c.png("response2", Content.shape(s.get(1).first(), s.get(1).second().color, Color.WHITE)));
        return r;
    }

    private static Map<String, Object> textTo3d(SampleContext c) throws IOException {
        Solid solid = Solid.random(c.rnd);
        Hue hue = Hue.random(c.rnd);
        Judged judged = Choices.judged(c);
        List<Pick<Solid, Hue>> picks = Choices.attributes(
                c,
                judged,
                solid,
                hue,
                s -> Solid.otherThan(c.rnd, s),
                h -> Hue.otherThan(c.rnd, h),
                () -> Solid.random(c.rnd),
                () -> Hue.random(c.rnd));
        String criteria = switch (judged) {
            case BOTH ->
                "Prefer the 3D object whose shape and colour both match the prompt, judging from its four rendered views.";
            case FIRST ->
                "Judge only the geometry: prefer the 3D object whose shape matches the prompt, whatever its colour.";
            case SECOND ->
                "Judge only the colour: prefer the 3D object rendered in the colour the prompt names, whatever its shape.";
        };
        List<Pick<Solid, Hue>> s = c.sides(picks.get(0), picks.get(1));
        Map<String, Object> r = record(c, article(hue.word) + " " + hue.word + " " + solid.word, criteria, MESH_MODELS);
        mediaResponses(
                r,
                c.png("response1", s.get(0).first().renderSheet(s.get(0).second().color, 96)),
                c.png("response2", s.get(1).first().renderSheet(s.get(1).second().color, 96)));
        return r;
    }

    private static Map<String, Object> textToVideo(SampleContext c) throws IOException {
        Direction dir = Direction.random(c.rnd);
        Hue hue = Hue.random(c.rnd);
        Judged judged = Choices.judged(c);
        List<Pick<Direction, Hue>> picks = Choices.attributes(
                c,
                judged,
                dir,
                hue,
                d -> c.rnd.nextBoolean() ? d.opposite() : Direction.otherThan(c.rnd, d),
                h -> Hue.otherThan(c.rnd, h),
                () -> Direction.random(c.rnd),
                () -> Hue.random(c.rnd));
        String criteria = switch (judged) {
            case BOTH ->
                "Prefer the video that matches the prompt in both the ball's colour and the direction it moves.";
            case FIRST ->
                "Judge only the motion: prefer the video in which the ball moves in the direction the prompt names, whatever its colour.";
            case SECOND ->
                "Judge only the colour: prefer the video whose ball has the colour the prompt names, however it moves.";
        };
        List<Pick<Direction, Hue>> s = c.sides(picks.get(0), picks.get(1));
        Map<String, Object> r = record(
                c,
                article(hue.word) + " " + hue.word + " ball moving " + dir.phrase + " across a white background",
                criteria,
                VIDEO_MODELS);
        // t2v: response1/response2 are the relative video paths (no *_path fields, protocol.md, "A sample")
        r.put(
                "response1",
                c.mp4(
                        "response1",
                        Content.movingBall(s.get(0).second().color, s.get(0).first())));
        r.put(
                "response2",
                c.mp4(
                        "response2",
                        Content.movingBall(s.get(1).second().color, s.get(1).first())));
        return r;
    }

    private static Map<String, Object> textToAudio(SampleContext c) throws IOException {
        int kind = c.isTie() ? c.rnd.nextInt(2) : c.rnd.nextInt(4);
        String prompt;
        String criteria;
        AudioClip good;
        AudioClip bad;
        double amp1 = 0.25 + 0.35 * c.rnd.nextDouble();
        double amp2 = 0.25 + 0.35 * c.rnd.nextDouble();
        double high = 1800 + 100 * c.rnd.nextInt(7);
        double low = 150 + 25 * c.rnd.nextInt(7);
        switch (kind) {
            case 0 -> {
                prompt = "a high-pitched beep";
                good = Content.tone(high, amp1);
                bad = c.isTie() ? Content.tone(high + 300, amp2) : Content.tone(low, amp2);
            }
            case 1 -> {
                prompt = "a low, deep hum";
                good = Content.tone(low, amp1);
                bad = c.isTie() ? Content.tone(low + 40, amp2) : Content.tone(high, amp2);
            }
            case 2 -> {
                prompt = "the hiss of radio static";
                good = Content.noise(amp1, c.rnd.nextLong());
                bad = Content.tone(c.rnd.nextBoolean() ? high : low, amp2);
            }
            default -> {
                prompt = "a clean, steady tone with no noise";
                good = Content.tone(c.rnd.nextBoolean() ? high : low, amp1);
                bad = Content.noise(amp2, c.rnd.nextLong());
            }
        }
        if (kind <= 1) {
            criteria = c.isTie() || c.rnd.nextBoolean()
                    ? "Judge only whether the pitch fits the prompt; loudness and the exact frequency do not matter."
                    : "Prefer the clip whose pitch matches the description in the prompt.";
        } else {
            criteria = "Prefer the clip that sounds like what the prompt describes.";
        }
        List<AudioClip> s = c.sides(good, bad);
        Map<String, Object> r = record(c, prompt, criteria, AUDIO_MODELS);
        mediaResponses(r, c.wav("response1", s.get(0)), c.wav("response2", s.get(1)));
        return r;
    }

    private static Map<String, Object> textImageToImage(SampleContext c) throws IOException {
        Shape2d shape = Shape2d.random(c.rnd);
        Hue objectHue = Hue.random(c.rnd);
        boolean editBackground = c.rnd.nextBoolean();
        Hue target = Hue.otherThan(c.rnd, objectHue);
        Hue wrongTarget = Hue.otherThan(c.rnd, objectHue, target);
        Color white = Color.WHITE;
        String source = c.png("image", Content.shape(shape, objectHue.color, white));
        String prompt;
        BufferedImage correct;
        BufferedImage wrongColour;
        BufferedImage extraChange;
        BufferedImage unedited = Content.shape(shape, objectHue.color, white);
        if (editBackground) {
            prompt = "Make the background " + target.word + ".";
            correct = Content.shape(shape, objectHue.color, target.color);
            wrongColour = Content.shape(shape, objectHue.color, wrongTarget.color);
            extraChange = Content.shape(Shape2d.otherThan(c.rnd, shape), objectHue.color, target.color);
        } else {
            prompt = "Change the colour of the " + shape.word + " to " + target.word + ".";
            correct = Content.shape(shape, target.color, white);
            wrongColour = Content.shape(shape, wrongTarget.color, white);
            extraChange = Content.shape(shape, target.color, Hue.otherThan(c.rnd, target, objectHue).color);
        }
        String exact =
                "Prefer the image that makes exactly the requested edit and leaves everything else in the original image unchanged.";
        String changeOnly =
                "Judge only whether the requested change was made; other changes to the image do not matter.";
        String criteria;
        BufferedImage preferred = correct;
        BufferedImage other;
        if (c.isTie()) {
            criteria = changeOnly;
            other = extraChange;
        } else if (c.rnd.nextBoolean()) {
            criteria = exact;
            int k = c.rnd.nextInt(3);
            other = k == 0 ? unedited : k == 1 ? wrongColour : extraChange;
        } else {
            criteria = changeOnly;
            other = c.rnd.nextBoolean() ? unedited : wrongColour;
        }
        List<BufferedImage> s = c.sides(preferred, other);
        Map<String, Object> r = record(c, prompt, criteria, EDIT_MODELS);
        mediaResponses(r, c.png("response1", s.get(0)), c.png("response2", s.get(1)));
        r.put("image", source);
        r.put("image_path", source);
        return r;
    }

    /** "an" before a vowel, else "a". */
    static String article(String nextWord) {
        return "aeiou".indexOf(Character.toLowerCase(nextWord.charAt(0))) >= 0 ? "an" : "a";
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
