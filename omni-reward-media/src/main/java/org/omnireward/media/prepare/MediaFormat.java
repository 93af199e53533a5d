package org.omnireward.media.prepare;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Media container formats recognised by their magic bytes, and the file extensions that name them.
 * Used to refuse content that does not match its extension and to pick the image decoder; the rest
 * of FFmpeg's many formats are accepted when neither the name nor the content names a known format.
 */
public enum MediaFormat {
    JPEG("JPEG", Kind.IMAGE, "jpg", "jpeg", "jpe", "jfif"),
    PNG("PNG", Kind.IMAGE, "png"),
    GIF("GIF", Kind.IMAGE, "gif"),
    BMP("BMP", Kind.IMAGE, "bmp", "dib"),
    WEBP("WebP", Kind.IMAGE, "webp"),
    TIFF("TIFF", Kind.IMAGE, "tif", "tiff"),
    /** ISO base media: MP4, MOV, M4A, 3GP (one family: the same container, told apart only by brand). */
    ISO_BMFF("MP4/MOV", Kind.AUDIO_VIDEO, "mp4", "m4v", "mov", "qt", "m4a", "3gp", "3g2"),
    /** Matroska and WebM (one container). */
    MATROSKA("Matroska/WebM", Kind.AUDIO_VIDEO, "mkv", "webm", "mka"),
    AVI("AVI", Kind.AUDIO_VIDEO, "avi"),
    MPEG_TS("MPEG-TS", Kind.AUDIO_VIDEO, "ts", "m2ts", "mts"),
    OGG("Ogg", Kind.AUDIO_VIDEO, "ogg", "oga", "ogv", "opus"),
    WAV("WAV", Kind.AUDIO, "wav", "wave"),
    MP3("MP3", Kind.AUDIO, "mp3"),
    FLAC("FLAC", Kind.AUDIO, "flac");

    /** What a format can hold. */
    public enum Kind {
        IMAGE,
        AUDIO,
        AUDIO_VIDEO
    }

    private final String label;
    private final Kind kind;
    private final Set<String> extensions;

    MediaFormat(String label, Kind kind, String... extensions) {
        this.label = label;
        this.kind = kind;
        this.extensions = Set.of(extensions);
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
        if (n >= 3 && u(head, 0) == 0xFF && u(head, 1) == 0xD8 && u(head, 2) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (n >= 8
                && u(head, 0) == 0x89
                && ascii(head, 1, 3, "PNG")
                && u(head, 4) == 0x0D
                && u(head, 5) == 0x0A
                && u(head, 6) == 0x1A
                && u(head, 7) == 0x0A) {
            return Optional.of(PNG);
        }
        if (n >= 6 && (ascii(head, 0, 6, "GIF87a") || ascii(head, 0, 6, "GIF89a"))) {
            return Optional.of(GIF);
        }
        if (n >= 12 && ascii(head, 0, 4, "RIFF")) {
            if (ascii(head, 8, 4, "WEBP")) {
                return Optional.of(WEBP);
            }
            if (ascii(head, 8, 4, "WAVE")) {
                return Optional.of(WAV);
            }
            if (ascii(head, 8, 4, "AVI ")) {
                return Optional.of(AVI);
            }
            return Optional.empty();
        }
        if (n >= 4 && (ascii(head, 0, 4, "II*\0") || ascii(head, 0, 4, "MM\0*"))) {
            return Optional.of(TIFF);
        }
        if (n >= 14 && ascii(head, 0, 2, "BM")) {
            return Optional.of(BMP);
        }
        if (n >= 8
                && (ascii(head, 4, 4, "ftyp")
                        || ascii(head, 4, 4, "moov")
                        || ascii(head, 4, 4, "mdat")
                        || ascii(head, 4, 4, "wide")
                        || ascii(head, 4, 4, "free")
                        || ascii(head, 4, 4, "skip")
                        || ascii(head, 4, 4, "uuid")
                        || ascii(head, 4, 4, "pnot"))) {
            return Optional.of(ISO_BMFF);
        }
        if (n >= 4 && u(head, 0) == 0x1A && u(head, 1) == 0x45 && u(head, 2) == 0xDF && u(head, 3) == 0xA3) {
            return Optional.of(MATROSKA);
        }
        if (n >= 4 && ascii(head, 0, 4, "OggS")) {
            return Optional.of(OGG);
        }
        if (n >= 4 && ascii(head, 0, 4, "fLaC")) {
            return Optional.of(FLAC);
        }
        if (n >= 3 && ascii(head, 0, 3, "ID3")) {
            return Optional.of(MP3);
        }
        if (n >= 2 && u(head, 0) == 0xFF && (u(head, 1) & 0xE0) == 0xE0 && (u(head, 1) & 0x06) != 0) {
            return Optional.of(MP3); // an MPEG audio frame header (layer bits non-zero; AAC ADTS has 00 there)
        }
        if (n >= 189 && u(head, 0) == 0x47 && u(head, 188) == 0x47) {
            return Optional.of(MPEG_TS);
        }
        return Optional.empty();
    }

    /** The first bytes in hex, for messages. */
    static String hexHead(byte[] head, int length) {
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
