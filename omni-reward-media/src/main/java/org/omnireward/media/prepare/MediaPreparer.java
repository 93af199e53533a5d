package org.omnireward.media.prepare;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.media.AudioDecoder;
import org.omnireward.media.DecodedAudio;
import org.omnireward.media.Ffmpeg;
import org.omnireward.media.Wav;

/**
 * The one path from a {@link MediaRef} to what a judge receives (protocol: images as base64 JPEG
 * flattened on white; video as uniformly sampled frames; audio as 16 kHz mono WAV, two clips joined
 * with 1 s of silence for single-audio models; 3D as its render images).
 *
 * <pre>{@code
 * try (MediaPreparer media = MediaPreparer.builder().optLongestSide(768).build()) {
 *     String uri = media.image(ref).dataUri();
 *     List<PreparedImage> frames = media.videoFrames(video, MediaPreparer.TV2T_INPUT_FRAMES);
 *     String wav = media.concat(media.audio(a), media.audio(b)).base64();
 * }
 * }</pre>
 *
 * <p>Guards, each an {@link InvalidInputException} subclass naming the media: {@link MediaLimitException}
 * for the file size (checked before reading), the pixel count (read from the header before decoding)
 * and the duration; {@link MediaTypeMismatchException} when the magic bytes contradict the extension or
 * the kind asked for; {@link CorruptMediaException} for truncated or damaged content;
 * {@link UnsupportedMediaException}; {@link MediaTimeoutException} when FFmpeg decoding (run on a worker
 * thread) exceeds the decode timeout.
 *
 * <p>Prepared media are cached (least recently used, bounded in bytes) under the media's
 * {@link MediaRef#contentKey() content key} and the output settings, so equal content, whether a file
 * or bytes embedded in a parquet row, is prepared once. Thread-safe; {@link #close()} stops the workers.
 */
public final class MediaPreparer implements AutoCloseable {

    /** Longest side of prepared images and frames by default, in pixels. */
    public static final int DEFAULT_LONGEST_SIDE = 1024;
    /** JPEG quality by default. */
    public static final float DEFAULT_JPEG_QUALITY = 0.9f;
    /** Frames sampled from the input video of a tv2t (video-to-text) sample. */
    public static final int TV2T_INPUT_FRAMES = 10;
    /** Frames sampled from each response video of a t2v (text-to-video) sample. */
    public static final int T2V_FRAMES_PER_VIDEO = 5;
    /** Most frames one {@link #videoFrames} call may ask for. */
    public static final int MAX_FRAMES = 256;
    /** Sample rate of prepared audio. */
    public static final int AUDIO_SAMPLE_RATE = 16_000;
    /** Silence between the two clips of {@link #concat}. */
    public static final double CONCAT_SILENCE_SECONDS = 1.0;
    /** Largest media file by default (256 MiB). */
    public static final long DEFAULT_MAX_FILE_BYTES = 256L << 20;
    /** Most pixels per image or video frame by default (8192 x 8192). */
    public static final long DEFAULT_MAX_PIXELS = 8192L * 8192L;
    /** Longest video or audio by default. */
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(10);
    /** Longest time one FFmpeg decoding (a video's frames, an audio clip) may take by default. */
    public static final Duration DEFAULT_DECODE_TIMEOUT = Duration.ofSeconds(60);
    /** Cache size by default (64 MiB of prepared bytes). */
    public static final long DEFAULT_CACHE_BYTES = 64L << 20;

    private static final int HEAD_BYTES = 512;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int longestSide;
    private final float quality;
    private final long maxFileBytes;
    private final long maxPixels;
    private final Duration maxDuration;
    private final Duration decodeTimeout;
    private final boolean truncateLongAudio;
    private final boolean forwardDecoding;
    private final PreparedCache cache;
    private final ThreadPoolExecutor workers;
    private volatile boolean closed;

    private MediaPreparer(Builder b) {
        this.longestSide = b.longestSide;
        this.quality = b.quality;
        this.maxFileBytes = b.maxFileBytes;
        this.maxPixels = b.maxPixels;
        this.maxDuration = b.maxDuration;
        this.decodeTimeout = b.decodeTimeout;
        this.truncateLongAudio = b.truncateLongAudio;
        this.forwardDecoding = b.forwardDecoding;
        this.cache = new PreparedCache(b.cacheBytes);
        int pool = POOLS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.workers =
                new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "omni-reward-media-" + pool + "-decode-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A preparer with every default (longest side 1024, JPEG quality 0.9, limits and cache as documented). */
    public static MediaPreparer withDefaults() {
        return builder().build();
    }

    /** Settings for a preparer. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Any supported image (JPEG incl. CMYK/YCCK, PNG incl. 16-bit, palette and alpha, GIF's first frame,
     * BMP, WebP, TIFF) as an upright JPEG, flattened on white and at most the longest side. 3D samples'
     * render images go through here too.
     *
     * @throws InvalidInputException (a subclass listed on the class) when the media cannot be prepared
     */
    public PreparedImage image(MediaRef ref) {
        ensureOpen();
        String name = describe(ref);
        long size = checkSize(ref, name);
        String key = ref.contentKey() + "|image|" + longestSide + "|" + quality;
        Object hit = cache.get(key);
        if (hit instanceof PreparedImage p) {
            return p.withSource(ref.name());
        }
        byte[] bytes = readAll(ref, name, size);
        MediaFormat format = checkFormat(ref, name, bytes, bytes.length, Want.IMAGE);
        BufferedImage decoded = ImagePipeline.decode(bytes, format, name, maxPixels, longestSide);
        BufferedImage rgb = ImagePipeline.flattenAndFit(decoded, longestSide);
        rgb = ExifOrientation.apply(rgb, ExifOrientation.read(bytes, format));
        PreparedImage out =
                new PreparedImage(ImagePipeline.encodeJpeg(rgb, quality), rgb.getWidth(), rgb.getHeight(), ref.name());
        cache.put(key, out, out.jpeg().length + 64L);
        return out;
    }

    /**
     * {@code count} frames at the centres of {@code count} equal slices of the video, as JPEGs at most
     * the longest side (for a 10 s clip and 5 frames: 1, 3, 5, 7, 9 s). Any container FFmpeg reads;
     * when the container states no duration, a pass over its packets finds it.
     *
     * @param count 1 to {@link #MAX_FRAMES}; {@link #TV2T_INPUT_FRAMES} or {@link #T2V_FRAMES_PER_VIDEO} by the protocol
     * @throws InvalidInputException (a subclass listed on the class) when the media cannot be prepared
     */
    public List<PreparedImage> videoFrames(MediaRef ref, int count) {
        ensureOpen();
        if (count < 1 || count > MAX_FRAMES) {
            throw new InvalidInputException("frame count must be between 1 and " + MAX_FRAMES + ", got " + count);
        }
        String name = describe(ref);
        long size = checkSize(ref, name);
        byte[] head = head(ref, name);
        checkFormat(ref, name, head, head.length, Want.VIDEO);
        String key = ref.contentKey() + "|video|" + count + "|" + longestSide + "|" + quality;
        Object hit = cache.get(key);
        if (hit instanceof FrameList cached) {
            return cached.frames().stream()
                    .map(p -> p.withSource(
                            ref.name() + p.source().substring(cached.source().length())))
                    .toList();
        }
        VideoSampler.Source src = new VideoSampler.Source(
                name, ref.path().orElse(null), ref.path().isPresent() ? null : readAll(ref, name, size));
        VideoSampler.Settings settings =
                new VideoSampler.Settings(longestSide, quality, maxPixels, seconds(maxDuration), forwardDecoding);
        List<PreparedImage> frames = List.copyOf(runNative(
                "sampling frames of",
                name,
                cancelled -> VideoSampler.sample(src, ref.name(), count, settings, cancelled)));
        cache.put(
                key,
                new FrameList(frames, ref.name()),
                frames.stream().mapToLong(p -> p.jpeg().length + 64L).sum());
        return frames;
    }

    /**
     * Any audio FFmpeg reads (WAV, MP3 with tags, FLAC, Ogg, M4A, a video's sound track) as a 16 kHz mono
     * 16-bit PCM WAV.
     *
     * @throws MediaLimitException when it is longer than the maximum duration (unless the builder said
     *     {@link Builder#optTruncateLongAudio(boolean) truncate}), or larger than the file size limit
     * @throws InvalidInputException (a subclass listed on the class) when the media cannot be prepared
     */
    public PreparedAudio audio(MediaRef ref) {
        ensureOpen();
        String name = describe(ref);
        checkSize(ref, name);
        byte[] head = head(ref, name);
        checkFormat(ref, name, head, head.length, Want.AUDIO);
        String key = ref.contentKey() + "|audio|" + AUDIO_SAMPLE_RATE + "|" + maxDuration + "|" + truncateLongAudio;
        Object hit = cache.get(key);
        if (hit instanceof PreparedAudio p) {
            return p.withSource(ref.name());
        }
        DecodedAudio decoded = runNative("decoding audio", name, cancelled -> {
            try {
                return AudioDecoder.decode(ref, AUDIO_SAMPLE_RATE, maxDuration);
            } catch (NoSuchFileException e) {
                throw new InvalidInputException("media file " + name + " not found", e);
            } catch (MediaLimitException | MediaTypeMismatchException | CorruptMediaException e) {
                throw e;
            } catch (InvalidInputException e) {
                throw new CorruptMediaException(e.getMessage(), e);
            }
        });
        if (decoded.truncated() && !truncateLongAudio) {
            throw new MediaLimitException(
                    MediaLimitException.Limit.DURATION,
                    String.format(
                            Locale.ROOT,
                            "%s is longer than the limit of %.0f s (optMaxDuration)",
                            name,
                            seconds(maxDuration)));
        }
        PreparedAudio out = new PreparedAudio(Wav.toBytes(decoded.clip()), decoded.durationSeconds(), ref.name());
        cache.put(key, out, out.wav().length + 64L);
        return out;
    }

    /**
     * The two clips as one WAV: {@code first}, {@value #CONCAT_SILENCE_SECONDS} s of silence, {@code second}
     * (for judges that take a single audio input; the prompt says which comes first).
     *
     * @throws InvalidInputException when either is not a 16 kHz mono 16-bit PCM WAV, or the result would
     *     be longer than the maximum duration
     */
    public PreparedAudio concat(PreparedAudio first, PreparedAudio second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        ByteBuffer a = pcmData(first);
        ByteBuffer b = pcmData(second);
        int gap = (int) Math.round(CONCAT_SILENCE_SECONDS * AUDIO_SAMPLE_RATE);
        long samples = a.remaining() / 2L + gap + b.remaining() / 2L;
        double seconds = samples / (double) AUDIO_SAMPLE_RATE;
        if (seconds > 2 * seconds(maxDuration) + CONCAT_SILENCE_SECONDS || samples * 2 + 44 > Integer.MAX_VALUE - 8) {
            throw new MediaLimitException(
                    MediaLimitException.Limit.DURATION,
                    String.format(
                            Locale.ROOT,
                            "joining %s and %s would give %.1f s of audio, over the limit",
                            first.source(),
                            second.source(),
                            seconds));
        }
        short[] pcm = new short[(int) samples];
        a.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm, 0, a.remaining() / 2);
        b.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm, a.remaining() / 2 + gap, b.remaining() / 2);
        return new PreparedAudio(
                Wav.pcm16Bytes(pcm, AUDIO_SAMPLE_RATE), seconds, first.source() + " + " + second.source());
    }

    /** Cache figures so far. */
    public CacheStats cacheStats() {
        return cache.stats();
    }

    /** Stops the worker threads and empties the cache. Calls after this fail. */
    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
        cache.clear();
    }

    /** How the cache did. */
    public record CacheStats(long hits, long misses, int entries, long bytes, long capacityBytes) {}

    /** The frames of one video in the cache, with the name they were made under. */
    private record FrameList(List<PreparedImage> frames, String source) {}

    private enum Want {
        IMAGE("an image"),
        VIDEO("a video"),
        AUDIO("audio");

        final String text;

        Want(String text) {
            this.text = text;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this MediaPreparer is closed");
        }
    }

    private static String describe(MediaRef ref) {
        Optional<Path> p = ref.path();
        if (p.isPresent()) {
            return p.get().toString();
        }
        return "in-memory " + ref.modality().wireName() + (ref.name().isEmpty() ? "" : " '" + ref.name() + "'");
    }

    /** The size, refused above the limit before any byte is read. */
    private long checkSize(MediaRef ref, String name) {
        if (!ref.exists()) {
            throw new InvalidInputException("media file " + name + " not found");
        }
        long size;
        try {
            size = ref.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + name, e);
        }
        if (size > maxFileBytes) {
            throw new MediaLimitException(
                    MediaLimitException.Limit.FILE_SIZE,
                    String.format(
                            Locale.ROOT,
                            "%s is %,d bytes, over the limit of %,d bytes (optMaxFileBytes)",
                            name,
                            size,
                            maxFileBytes));
        }
        if (size == 0) {
            throw new CorruptMediaException(name + " is empty (0 bytes)");
        }
        return size;
    }

    private static byte[] readAll(MediaRef ref, String name, long size) {
        try (InputStream in = ref.open()) {
            byte[] bytes = in.readNBytes((int) size);
            if (bytes.length < size) {
                throw new CorruptMediaException(
                        name + " shrank while it was read (" + bytes.length + " of " + size + " bytes)");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    private static byte[] head(MediaRef ref, String name) {
        try (InputStream in = ref.open()) {
            return in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /**
     * The format the magic bytes show (null when none known matched and that is acceptable), after
     * checking them against the extension and the kind of media wanted.
     */
    private static MediaFormat checkFormat(MediaRef ref, String name, byte[] head, int length, Want want) {
        Optional<MediaFormat> declared = MediaFormat.byExtension(ref.extension());
        Optional<MediaFormat> found = MediaFormat.sniff(head, length);
        String hex = MediaFormat.hexHead(head, length);
        if (declared.isPresent() && found.isPresent() && declared.get() != found.get()) {
            throw new MediaTypeMismatchException(
                    String.format(
                            Locale.ROOT,
                            "%s: its name says %s (.%s) but its content is %s (first bytes %s)",
                            name,
                            declared.get().label(),
                            ref.extension(),
                            found.get().label(),
                            hex),
                    declared.get().label(),
                    found.get().label());
        }
        if (declared.isPresent() && found.isEmpty()) {
            throw new MediaTypeMismatchException(
                    String.format(
                            Locale.ROOT,
                            "%s: its name says %s (.%s) but its content is not %s or any known media format (first bytes %s)",
                            name,
                            declared.get().label(),
                            ref.extension(),
                            declared.get().label(),
                            hex),
                    declared.get().label(),
                    "unknown");
        }
        if (found.isPresent()) {
            MediaFormat f = found.get();
            boolean fits = switch (want) {
                case IMAGE -> f.isImage();
                case VIDEO -> f.kind() == MediaFormat.Kind.AUDIO_VIDEO;
                case AUDIO -> f.kind() != MediaFormat.Kind.IMAGE;
            };
            if (!fits) {
                String what = f.isImage() ? "image" : "audio";
                throw new MediaTypeMismatchException(
                        String.format(Locale.ROOT, "%s is %s %s, not %s", name, f.label(), what, want.text),
                        want.text,
                        f.label());
            }
            return f;
        }
        if (want == Want.IMAGE) {
            throw new UnsupportedMediaException(String.format(
                    Locale.ROOT,
                    "%s is not an image in a supported format" + " (JPEG, PNG, GIF, BMP, WebP, TIFF); first bytes %s",
                    name,
                    hex));
        }
        return null; // FFmpeg knows many more containers; let it try
    }

    @FunctionalInterface
    private interface NativeTask<T> {
        T run(AtomicBoolean cancelled) throws IOException;
    }

    /** Runs FFmpeg work on a worker thread and waits at most the decode timeout for it. */
    private <T> T runNative(String what, String name, NativeTask<T> task) {
        Ffmpeg.init();
        AtomicBoolean cancelled = new AtomicBoolean();
        Future<T> future;
        try {
            future = workers.submit(() -> task.run(cancelled));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("this MediaPreparer is closed", e);
        }
        try {
            return future.get(decodeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            cancelled.set(true);
            future.cancel(false); // never interrupt native code; the worker stops at its next check
            throw new MediaTimeoutException(String.format(
                    Locale.ROOT,
                    "%s %s took longer than %.1f s (optDecodeTimeout);" + " stopped",
                    what,
                    name,
                    decodeTimeout.toNanos() / 1e9));
        } catch (InterruptedException e) {
            cancelled.set(true);
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while " + what + " " + name);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            if (c instanceof IOException io) {
                throw new CorruptMediaException(
                        what + " " + name + " failed: " + VideoSampler.clean(io.getMessage()), io);
            }
            throw new IllegalStateException(what + " " + name + " failed", c);
        }
    }

    private static ByteBuffer pcmData(PreparedAudio audio) {
        ByteBuffer b = ByteBuffer.wrap(audio.wav()).order(ByteOrder.LITTLE_ENDIAN);
        String bad = audio.source() + " is not a 16 kHz mono 16-bit PCM WAV";
        if (b.remaining() < 12 || !tag(b, 0, "RIFF") || !tag(b, 8, "WAVE")) {
            throw new InvalidInputException(bad + " (no RIFF/WAVE header)");
        }
        int at = 12;
        boolean fmtOk = false;
        while ((long) at + 8 <= b.limit()) {
            long len = Integer.toUnsignedLong(b.getInt(at + 4));
            int body = at + 8;
            if (tag(b, at, "fmt ") && len >= 16 && (long) body + 16 <= b.limit()) {
                fmtOk = b.getShort(body) == 1
                        && b.getShort(body + 2) == 1
                        && b.getInt(body + 4) == AUDIO_SAMPLE_RATE
                        && b.getShort(body + 14) == 16;
                if (!fmtOk) {
                    throw new InvalidInputException(bad);
                }
            } else if (tag(b, at, "data")) {
                if (!fmtOk) {
                    throw new InvalidInputException(bad + " (no fmt chunk before the data)");
                }
                int end = (int) Math.min(b.limit(), body + len);
                return b.duplicate()
                        .position(body)
                        .limit(body + ((end - body) & ~1))
                        .slice();
            }
            at = (int) Math.min(Integer.MAX_VALUE, body + len + (len & 1));
        }
        throw new InvalidInputException(bad + " (no data chunk)");
    }

    private static boolean tag(ByteBuffer b, int at, String s) {
        if ((long) at + 4 > b.limit()) {
            return false;
        }
        byte[] x = new byte[4];
        b.get(at, x);
        return new String(x, StandardCharsets.US_ASCII).equals(s);
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /** Settings of a {@link MediaPreparer}; {@code opt*} methods are optional, each with its default. */
    public static final class Builder {
        private int longestSide = DEFAULT_LONGEST_SIDE;
        private float quality = DEFAULT_JPEG_QUALITY;
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private long maxPixels = DEFAULT_MAX_PIXELS;
        private Duration maxDuration = DEFAULT_MAX_DURATION;
        private Duration decodeTimeout = DEFAULT_DECODE_TIMEOUT;
        private long cacheBytes = DEFAULT_CACHE_BYTES;
        private boolean truncateLongAudio;
        private boolean forwardDecoding = true;

        private Builder() {}

        /** Longest side of images and frames in pixels (default 1024); smaller media are never enlarged. */
        public Builder optLongestSide(int pixels) {
            if (pixels < 16 || pixels > 16_384) {
                throw new InvalidInputException("longest side must be between 16 and 16384 pixels, got " + pixels);
            }
            this.longestSide = pixels;
            return this;
        }

        /** JPEG quality in (0, 1] (default 0.9). */
        public Builder optJpegQuality(float quality) {
            if (!(quality > 0f && quality <= 1f)) {
                throw new InvalidInputException("JPEG quality must be in (0, 1], got " + quality);
            }
            this.quality = quality;
            return this;
        }

        /** Largest media file or in-memory item in bytes (default 256 MiB); checked before reading. */
        public Builder optMaxFileBytes(long bytes) {
            if (bytes < 1 || bytes > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(
                        "maximum file size must be between 1 and " + (Integer.MAX_VALUE - 8) + " bytes, got " + bytes);
            }
            this.maxFileBytes = bytes;
            return this;
        }

        /** Most pixels per image or video frame (default 8192 x 8192), checked from the header. */
        public Builder optMaxPixels(long pixels) {
            if (pixels < 1) {
                throw new InvalidInputException("maximum pixel count must be positive, got " + pixels);
            }
            this.maxPixels = pixels;
            return this;
        }

        /** Longest video or audio (default 10 minutes). */
        public Builder optMaxDuration(Duration duration) {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(24)) > 0) {
                throw new InvalidInputException("maximum duration must be in (0, 24 h], got " + duration);
            }
            this.maxDuration = duration;
            return this;
        }

        /** Longest time one FFmpeg decoding may take (default 60 s). */
        public Builder optDecodeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new InvalidInputException("decode timeout must be positive, got " + timeout);
            }
            this.decodeTimeout = timeout;
            return this;
        }

        /** Bytes of prepared media kept (default 64 MiB); 0 turns the cache off. */
        public Builder optCacheBytes(long bytes) {
            if (bytes < 0) {
                throw new InvalidInputException("cache size must be >= 0 bytes, got " + bytes);
            }
            this.cacheBytes = bytes;
            return this;
        }

        /**
         * Audio longer than the maximum duration: {@code true} keeps its start (up to the limit),
         * {@code false} (the default) refuses it with a {@link MediaLimitException}.
         */
        public Builder optTruncateLongAudio(boolean truncate) {
            this.truncateLongAudio = truncate;
            return this;
        }

        /**
         * Whether video sampling may decode forward instead of seeking when no keyframe lies between the
         * current position and the next frame wanted (default {@code true}: same frames, less decoding
         * for clips with few keyframes). {@code false} makes every frame an accurate seek.
         */
        public Builder optForwardDecoding(boolean forward) {
            this.forwardDecoding = forward;
            return this;
        }

        /** The preparer. */
        public MediaPreparer build() {
            return new MediaPreparer(this);
        }
    }
}
