package org.omnireward.core;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Media container formats recognised by their magic bytes, and the file extensions that name them:
 * the toolkit's one sniffer. The media preparer refuses content that does not match its extension
 * and picks the image decoder with it; the data tools name media files written from embedded bytes
 * ({@link #extension()}); the explorer and the pooling client give content types ({@link #mimeType()}).
 * The rest of FFmpeg's many formats are accepted by the preparer when neither the name nor the content
 * names a known format.
 */
public enum MediaFormat {
    JPEG("JPEG", Kind.IMAGE, "image/jpeg", "jpg", "jpeg", "jpe", "jfif"),
    PNG("PNG", Kind.IMAGE, "image/png", "png"),
    GIF("GIF", Kind.IMAGE, "image/gif", "gif"),
    BMP("BMP", Kind.IMAGE, "image/bmp", "bmp", "dib"),
    WEBP("WebP", Kind.IMAGE, "image/webp", "webp"),
    TIFF("TIFF", Kind.IMAGE, "image/tiff", "tif", "tiff"),
    /** ISO base media: MP4, MOV, M4A, 3GP (one family: the same container, told apart only by brand). */
    ISO_BMFF("MP4/MOV", Kind.AUDIO_VIDEO, "video/mp4", "mp4", "m4v", "mov", "qt", "m4a", "3gp", "3g2"),
    /** Matroska and WebM (one container). */
    MATROSKA("Matroska/WebM", Kind.AUDIO_VIDEO, "video/x-matroska", "mkv", "webm", "mka"),
    AVI("AVI", Kind.AUDIO_VIDEO, "video/x-msvideo", "avi"),
    MPEG_TS("MPEG-TS", Kind.AUDIO_VIDEO, "video/mp2t", "ts", "m2ts", "mts"),
    OGG("Ogg", Kind.AUDIO_VIDEO, "audio/ogg", "ogg", "oga", "ogv", "opus"),
    WAV("WAV", Kind.AUDIO, "audio/wav", "wav", "wave"),
    MP3("MP3", Kind.AUDIO, "audio/mpeg", "mp3"),
    FLAC("FLAC", Kind.AUDIO, "audio/flac", "flac");

    /** Bytes from the start of a file that {@link #sniff} may look at (MPEG-TS needs 189). */
    public static final int HEAD_BYTES = 512;

    /** What a format can hold. */
    public enum Kind {
        IMAGE,
        AUDIO,
        AUDIO_VIDEO
    }

    private final String label;
    private final Kind kind;
    private final String mimeType;
    private final String extension;
    private final Set<String> extensions;

    MediaFormat(String label, Kind kind, String mimeType, String... extensions) {
        this.label = label;
        this.kind = kind;
        this.mimeType = mimeType;
        this.extension = extensions[0];
        this.extensions = Set.of(extensions);
    }

    /** The format's usual content type, e.g. {@code image/jpeg}, {@code video/mp4}. */
    public String mimeType() {
        return mimeType;
    }

    /** The format's usual file extension, without the dot, e.g. {@code jpg}, {@code mp4}. */
    public String extension() {
        return extension;
    }

    /** A short human name, e.g. {@code JPEG}, {@code MP4/MOV}. */
    public String label() {
        return label;
    }

    /** What the format can hold. */
    public Kind kind() {
        return kind;
    }

    /** Whether this is a still-image format. */
    public boolean isImage() {
        return kind == Kind.IMAGE;
    }

    /** The format a lower-case extension (without the dot) names, if any. */
    public static Optional<MediaFormat> byExtension(String extension) {
        String e = extension == null ? "" : extension.toLowerCase(Locale.ROOT);
        for (MediaFormat f : values()) {
            if (f.extensions.contains(e)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format the first bytes of a file show (at least 12 are needed for RIFF and ftyp), if any. */
    public static Optional<MediaFormat> sniff(byte[] head, int length) {
        int n = Math.min(length, head.length);
        if (n >= 12 && ascii(head, 0, 4, "RIFF")) {
            return Optional.ofNullable(riff(head));
        }
        MediaFormat f = image(head, n);
        if (f == null) {
            f = container(head, n);
        }
        if (f == null) {
            f = audio(head, n);
        }
        return Optional.ofNullable(f);
    }

    /** What a RIFF file holds (WebP, WAV or AVI); null for another kind. */
    private static MediaFormat riff(byte[] head) {
        if (ascii(head, 8, 4, "WEBP")) {
            return WEBP;
        }
        if (ascii(head, 8, 4, "WAVE")) {
            return WAV;
        }
        return ascii(head, 8, 4, "AVI ") ? AVI : null;
    }

    /** JPEG, PNG, GIF, TIFF or BMP; null for none of them. */
    private static MediaFormat image(byte[] head, int n) {
        if (n >= 3 && u(head, 0) == 0xFF && u(head, 1) == 0xD8 && u(head, 2) == 0xFF) {
            return JPEG;
        }
        if (n >= 8
                && u(head, 0) == 0x89
                && ascii(head, 1, 3, "PNG")
                && u(head, 4) == 0x0D
                && u(head, 5) == 0x0A
                && u(head, 6) == 0x1A
                && u(head, 7) == 0x0A) {
            return PNG;
        }
        if (n >= 6 && (ascii(head, 0, 6, "GIF87a") || ascii(head, 0, 6, "GIF89a"))) {
            return GIF;
        }
        if (n >= 4 && (ascii(head, 0, 4, "II*\0") || ascii(head, 0, 4, "MM\0*"))) {
            return TIFF;
        }
        return n >= 14 && ascii(head, 0, 2, "BM") ? BMP : null;
    }

    /** The video containers: ISO BMFF (by its first box), Matroska/WebM, MPEG-TS (two sync bytes); null for none. */
    private static MediaFormat container(byte[] head, int n) {
        if (n >= 8
                && (ascii(head, 4, 4, "ftyp")
                        || ascii(head, 4, 4, "moov")
                        || ascii(head, 4, 4, "mdat")
                        || ascii(head, 4, 4, "wide")
                        || ascii(head, 4, 4, "free")
                        || ascii(head, 4, 4, "skip")
                        || ascii(head, 4, 4, "uuid")
                        || ascii(head, 4, 4, "pnot"))) {
            return ISO_BMFF;
        }
        if (n >= 4 && u(head, 0) == 0x1A && u(head, 1) == 0x45 && u(head, 2) == 0xDF && u(head, 3) == 0xA3) {
            return MATROSKA;
        }
        // the sync byte 0x47 starts none of the audio formats below, so testing it first changes no answer
        return n >= 189 && u(head, 0) == 0x47 && u(head, 188) == 0x47 ? MPEG_TS : null;
    }

    /** Ogg, FLAC, or MP3 (an ID3 tag or an MPEG audio frame header); null for none of them. */
    private static MediaFormat audio(byte[] head, int n) {
        if (n >= 4 && ascii(head, 0, 4, "OggS")) {
            return OGG;
        }
        if (n >= 4 && ascii(head, 0, 4, "fLaC")) {
            return FLAC;
        }
        if (n >= 3 && ascii(head, 0, 3, "ID3")) {
            return MP3;
        }
        if (n >= 2 && u(head, 0) == 0xFF && (u(head, 1) & 0xE0) == 0xE0 && (u(head, 1) & 0x06) != 0) {
            return MP3; // an MPEG audio frame header (layer bits non-zero; AAC ADTS has 00 there)
        }
        return null;
    }

    /** The first bytes in hex, for messages. */
    public static String hexHead(byte[] head, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, Math.min(length, head.length)); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format(Locale.ROOT, "%02X", head[i] & 0xFF));
        }
        return sb.length() == 0 ? "(none)" : sb.toString();
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static boolean ascii(byte[] b, int from, int len, String s) {
        return new String(b, from, len, StandardCharsets.ISO_8859_1).equals(s);
    }
}
