package org.omnireward.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;

/**
 * Decodes audio with FFmpeg (through JavaCV) into a mono {@link AudioClip} at a chosen sample rate,
 * 16 kHz by default: anything FFmpeg reads (WAV, MP3 with or without ID3 tags, FLAC, Ogg Vorbis/Opus,
 * M4A/AAC, the audio track of a video file), from a file or from bytes in memory. FFmpeg resamples;
 * channels are averaged into one.
 *
 * <p>Reading stops at a duration cap ({@link #DEFAULT_MAX_DURATION} unless given), so a long file
 * costs no more than its first minutes; the result then says {@link DecodedAudio#truncated()}.
 *
 * <p>Problems are reported as exceptions naming the file: {@link NoSuchFileException} when it is
 * missing, {@link InvalidInputException} when it is empty, not a media file, has no audio stream,
 * yields no samples, or ends before the length its header states (a file cut short or corrupted in
 * the middle). FFmpeg happily plays a WAV file whose data stops early (it is built to read files
 * still being written), so for RIFF files (WAV, AVI) the size the RIFF header declares is also
 * compared with the bytes present. An MP3 file without a frame-count header states no length, so a
 * cut MP3 of that kind decodes to the part that is there.
 *
 * <p>Each call opens and closes its own FFmpeg grabber, so calls are thread-safe.
 */
public final class AudioDecoder {

    /** The sample rate speech and audio reward models usually expect. */
    public static final int DEFAULT_SAMPLE_RATE = 16_000;
    /** The duration cap of the overloads that take none. */
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(10);
    /** Lowest target sample rate accepted. */
    public static final int MIN_SAMPLE_RATE = 1_000;
    /** Highest target sample rate accepted. */
    public static final int MAX_SAMPLE_RATE = 384_000;

    /** Decoded audio may fall short of the stated length by this fraction (encoder delay and padding). */
    private static final double LENGTH_TOLERANCE_FRACTION = 0.05;
    /** … or by this many seconds, whichever is larger. */
    private static final double LENGTH_TOLERANCE_SECONDS = 0.2;
    /** A RIFF size field may overstate the file by this many bytes (some writers count the 8-byte chunk header). */
    private static final long RIFF_SLACK_BYTES = 8;
    /** AVERROR(ENOENT): ENOENT is 2 on every platform FFmpeg's natives ship for. */
    private static final int AVERROR_ENOENT = -2;

    private static final Pattern FFMPEG_ERROR_CODE = Pattern.compile("error (-\\d+)");

    private AudioDecoder() {}

    /** Decodes a file to 16 kHz mono, reading at most {@link #DEFAULT_MAX_DURATION}. */
    public static DecodedAudio decode(Path file) throws IOException {
        return decode(file, DEFAULT_SAMPLE_RATE, DEFAULT_MAX_DURATION);
    }

    /**
     * Decodes a file to mono at {@code targetRate}, reading at most {@code maxDuration}.
     *
     * @throws NoSuchFileException when the file does not exist
     * @throws InvalidInputException when it cannot be decoded as audio (the message names the file
     *     and says why), or when the rate or the cap is out of range
     */
    public static DecodedAudio decode(Path file, int targetRate, Duration maxDuration) throws IOException {
        Objects.requireNonNull(file, "file");
        checkSettings(targetRate, maxDuration);
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new NoSuchFileException(name, null, "audio file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("audio " + name + " is not a regular file");
        }
        long size = Files.size(file);
        if (size == 0) {
            throw new InvalidInputException("audio file " + name + " is empty (0 bytes)");
        }
        byte[] head = new byte[12];
        int headLength;
        try (InputStream in = Files.newInputStream(file)) {
            headLength = in.readNBytes(head, 0, head.length);
        }
        checkRiffComplete(Arrays.copyOf(head, headLength), size, name);
        Ffmpeg.init();
        try (FFmpegFrameGrabber grabber =
                new FFmpegFrameGrabber(file.toAbsolutePath().toFile())) {
            return decode(grabber, name, targetRate, maxDuration, true);
        }
    }

    /** Decodes a media reference (a file or bytes in memory) to 16 kHz mono, reading at most {@link #DEFAULT_MAX_DURATION}. */
    public static DecodedAudio decode(MediaRef media) throws IOException {
        return decode(media, DEFAULT_SAMPLE_RATE, DEFAULT_MAX_DURATION);
    }

    /**
     * Decodes a media reference to mono at {@code targetRate}, reading at most {@code maxDuration}.
     * A file reference is read from disk; in-memory bytes are handed to FFmpeg as a seekable stream
     * (no temporary file). Errors name {@link MediaRef#name()}.
     *
     * @throws NoSuchFileException when a referenced file does not exist
     * @throws InvalidInputException when the content cannot be decoded as audio
     */
    public static DecodedAudio decode(MediaRef media, int targetRate, Duration maxDuration) throws IOException {
        Objects.requireNonNull(media, "media");
        if (media.path().isPresent()) {
            Path file = media.path().get();
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString(), null, "audio file '" + media.name() + "' not found");
            }
            return decode(file, targetRate, maxDuration);
        }
        checkSettings(targetRate, maxDuration);
        String name = media.name().isEmpty() ? "in-memory audio" : "in-memory audio " + media.name();
        byte[] bytes = media.readAllBytes();
        if (bytes.length == 0) {
            throw new InvalidInputException(name + " is empty (0 bytes)");
        }
        checkRiffComplete(bytes, bytes.length, name);
        Ffmpeg.init();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(bytes), bytes.length)) {
            return decode(grabber, name, targetRate, maxDuration, false);
        }
    }

    private static void checkSettings(int targetRate, Duration maxDuration) {
        if (targetRate < MIN_SAMPLE_RATE || targetRate > MAX_SAMPLE_RATE) {
            throw new InvalidInputException("target sample rate must be between " + MIN_SAMPLE_RATE + " and "
                    + MAX_SAMPLE_RATE + " Hz, got " + targetRate);
        }
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new InvalidInputException("maximum audio duration must be positive, got " + maxDuration);
        }
        sampleLimit(targetRate, maxDuration);
    }

    /** The number of samples {@code maxDuration} holds at {@code targetRate}. */
    private static long sampleLimit(int targetRate, Duration maxDuration) {
        double seconds = maxDuration.getSeconds() + maxDuration.getNano() / 1e9;
        long limit = (long) Math.ceil(seconds * targetRate);
        if (limit > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("maximum audio duration " + maxDuration + " at " + targetRate
                    + " Hz exceeds what one clip can hold (" + (Integer.MAX_VALUE - 8) + " samples)");
        }
        return limit;
    }

    /**
     * Refuses a RIFF file (WAV, AVI) whose header declares more bytes than are present. Sizes of 0
     * and 0xFFFFFFFF mean "unknown" (streamed output) and are accepted.
     */
    static void checkRiffComplete(byte[] head, long actualSize, String name) {
        if (head.length < 12 || !"RIFF".equals(new String(head, 0, 4, StandardCharsets.US_ASCII))) {
            return;
        }
        long declared = Integer.toUnsignedLong(
                ByteBuffer.wrap(head, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        if (declared == 0 || declared == 0xFFFF_FFFFL) {
            return;
        }
        long expected = declared + 8;
        if (actualSize + RIFF_SLACK_BYTES < expected) {
            String kind = new String(head, 8, 4, StandardCharsets.US_ASCII).trim();
            throw new InvalidInputException(String.format(
                    Locale.ROOT,
                    "%s is truncated: its RIFF header (%s) declares"
                            + " %d bytes but only %d are present (%.0f%%); the file was cut short",
                    name,
                    kind.isEmpty() ? "?" : kind,
                    expected,
                    actualSize,
                    100.0 * actualSize / expected));
        }
    }

    private static DecodedAudio decode(
            FFmpegFrameGrabber grabber, String name, int targetRate, Duration maxDuration, boolean fromFile)
            throws IOException {
        grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_FLT); // packed float; the channel count stays the source's
        grabber.setSampleRate(targetRate);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            throw new InvalidInputException(
                    name + " cannot be read as audio: FFmpeg does not recognise it as a media"
                            + " file (unknown format, damaged header or not media at all)" + ffmpegReason(e, fromFile),
                    e);
        }
        AVFormatContext format = grabber.getFormatContext();
        int index = grabber.getAudioStream();
        if (index < 0 || index >= format.nb_streams()) {
            String picture = grabber.getImageWidth() > 0
                    ? " with only a " + grabber.getImageWidth() + "x" + grabber.getImageHeight()
                            + " picture or video stream"
                    : "";
            throw new InvalidInputException(name + " has no audio stream: FFmpeg reads it as '" + grabber.getFormat()
                    + "'" + picture + ", whatever its name says");
        }
        AVStream stream = format.streams(index);
        AVCodecParameters par = stream.codecpar();
        String codec = avcodec.avcodec_get_name(par.codec_id()).getString();
        double stated = statedSeconds(format, stream);
        long limit = sampleLimit(targetRate, maxDuration);
        // a first guess at the size (the buffer grows as needed), so a wrong header cannot make us allocate much
        double guessSeconds = Double.isNaN(stated) ? 10 : Math.min(60, stated + 1);
        Samples out = new Samples((int) Math.max(1024, Math.min(limit, guessSeconds * targetRate)));
        boolean truncated = false;
        try {
            Frame frame;
            while ((frame = grabber.grabSamples()) != null) {
                int frames = out.frameCount(frame);
                if (frames == 0) {
                    continue;
                }
                if (out.size == limit) {
                    truncated = true;
                    break;
                }
                int take = (int) Math.min(frames, limit - out.size);
                out.addMono(frame, take);
                if (take < frames) {
                    truncated = true;
                    break;
                }
            }
        } catch (FrameGrabber.Exception e) {
            throw new InvalidInputException(
                    String.format(
                            Locale.ROOT,
                            "decoding audio %s failed after %.2f s: %s",
                            name,
                            out.size / (double) targetRate,
                            cleanMessage(e.getMessage())),
                    e);
        }
        if (out.size == 0) {
            throw new InvalidInputException(name + " has an audio stream (" + codec + ") but no samples could be"
                    + " decoded from it; the file is truncated or corrupt");
        }
        double decoded = out.size / (double) targetRate;
        if (!truncated
                && !Double.isNaN(stated)
                && decoded < stated - Math.max(LENGTH_TOLERANCE_SECONDS, LENGTH_TOLERANCE_FRACTION * stated)) {
            throw new InvalidInputException(String.format(
                    Locale.ROOT,
                    "%s is truncated or corrupt: its header states"
                            + " %.2f s of %s audio but only %.2f s could be decoded",
                    name,
                    stated,
                    codec,
                    decoded));
        }
        return new DecodedAudio(
                new AudioClip(targetRate, out.toArray()),
                name,
                grabber.getFormat(),
                codec,
                par.sample_rate(),
                par.ch_layout().nb_channels(),
                truncated);
    }

    /**
     * The length the container states for the audio stream, in seconds, or NaN when it states none or
     * FFmpeg only estimated it from the bit rate (then the file itself is the only measure).
     */
    private static double statedSeconds(AVFormatContext format, AVStream stream) {
        if (format.duration_estimation_method() == avformat.AVFMT_DURATION_FROM_BITRATE) {
            return Double.NaN;
        }
        if (stream.duration() != avutil.AV_NOPTS_VALUE && stream.duration() > 0) {
            return stream.duration() * avutil.av_q2d(stream.time_base());
        }
        if (format.nb_streams() == 1 && format.duration() != avutil.AV_NOPTS_VALUE && format.duration() > 0) {
            return format.duration() / (double) avutil.AV_TIME_BASE;
        }
        return Double.NaN;
    }

    /** FFmpeg's own words for an open failure, e.g. "Invalid data found when processing input". */
    private static String ffmpegReason(FrameGrabber.Exception e, boolean fromFile) {
        Matcher m = FFMPEG_ERROR_CODE.matcher(String.valueOf(e.getMessage()));
        if (!m.find()) {
            return "";
        }
        int code = Integer.parseInt(m.group(1));
        if (!fromFile && code == AVERROR_ENOENT) {
            return ""; // what JavaCV's stream reader reports for any failure; says nothing about the bytes
        }
        byte[] buf = new byte[256];
        avutil.av_strerror(code, buf, buf.length);
        String text = new String(buf, StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? "" : " (FFmpeg: " + text + ")";
    }

    /** JavaCV's messages end with hints about its own API, which do not help our callers. */
    private static String cleanMessage(String message) {
        if (message == null) {
            return "unknown FFmpeg error";
        }
        int hint = message.indexOf(" (Has setFormat() been called?)");
        int more = message.indexOf(" (For more details");
        int cut = hint >= 0 ? hint : more;
        return cut >= 0 ? message.substring(0, cut) : message;
    }

    /** A growable mono sample buffer that mixes interleaved or planar float frames down. */
    private static final class Samples {
        private float[] data;
        private int size;

        Samples(int capacity) {
            data = new float[capacity];
        }

        int frameCount(Frame frame) {
            if (frame.samples == null || frame.samples.length == 0) {
                return 0;
            }
            Buffer first = frame.samples[0];
            if (!(first instanceof FloatBuffer)) {
                throw new IllegalStateException("FFmpeg returned "
                        + first.getClass().getSimpleName() + " samples where float samples were requested");
            }
            int channels = frame.samples.length > 1 ? 1 : Math.max(1, frame.audioChannels);
            return first.remaining() / channels;
        }

        void addMono(Frame frame, int frames) {
            if (size + frames > data.length) {
                data = Arrays.copyOf(data, Math.max(size + frames, data.length * 2));
            }
            if (frame.samples.length > 1) { // planar: one buffer per channel
                int channels = frame.samples.length;
                for (int i = 0; i < frames; i++) {
                    double sum = 0;
                    for (Buffer b : frame.samples) {
                        FloatBuffer fb = (FloatBuffer) b;
                        sum += fb.get(fb.position() + i);
                    }
                    data[size + i] = (float) (sum / channels);
                }
            } else { // packed: channels interleaved
                FloatBuffer fb = (FloatBuffer) frame.samples[0];
                int channels = Math.max(1, frame.audioChannels);
                int base = fb.position();
                for (int i = 0; i < frames; i++) {
                    if (channels == 1) {
                        data[size + i] = fb.get(base + i);
                    } else {
                        double sum = 0;
                        for (int c = 0; c < channels; c++) {
                            sum += fb.get(base + i * channels + c);
                        }
                        data[size + i] = (float) (sum / channels);
                    }
                }
            }
            size += frames;
        }

        float[] toArray() {
            return size == data.length ? data : Arrays.copyOf(data, size);
        }
    }
}
