package org.omnireward.server;

import java.util.Base64;
import java.util.Locale;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;

/**
 * Media in a request: {@code {"type": "image"|"audio"|"video", "data": <base64 or data URI>}}. The
 * bytes travel in the request: the server never fetches a URL and never opens a path named in a
 * request, and says so when a client tries. Decoded media become in-memory {@link MediaRef}s.
 */
final class MediaDecoder {

    private final long maxBytes;

    MediaDecoder(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Decodes {@code data} (plain or URL-safe base64, or a {@code data:<mime>;base64,} URI).
     *
     * @param where the field, for messages ({@code items[2].response})
     * @throws ApiException 400 for a URL, a path or bad base64; 413 above the media limit
     */
    MediaRef decode(String data, Modality modality, String where) {
        String d = data.strip();
        String lower = d.length() > 16 ? d.substring(0, 16).toLowerCase(Locale.ROOT) : d.toLowerCase(Locale.ROOT);
        String payload;
        if (lower.startsWith("data:")) {
            int comma = d.indexOf(',');
            if (comma < 0 || !d.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
                throw ApiException.badRequest(where + ".data: a data URI must be base64, as data:<type>;base64,<data>");
            }
            payload = d.substring(comma + 1);
        } else if (lower.startsWith("http:")
                || lower.startsWith("https:")
                || lower.startsWith("file:")
                || lower.startsWith("ftp:")
                || lower.startsWith("/")
                || lower.startsWith("./")
                || lower.startsWith("~")) {
            throw ApiException.badRequest(where + ".data looks like a URL or a path; this server never fetches URLs or "
                    + "reads files named in a request: send the bytes as base64 or a data: URI");
        } else {
            payload = d;
        }
        // 4 base64 characters carry 3 bytes: refuse an oversized item before decoding it
        long approx = (payload.length() / 4L) * 3L;
        if (approx > maxBytes + 3) {
            throw ApiException.tooLarge(where + ": the " + modality.wireName() + " is about " + approx
                    + " bytes; the limit is " + maxBytes + " bytes per media item (--max-media-bytes)");
        }
        byte[] bytes;
        try {
            // line breaks (MIME-style base64) are dropped; any other stray character is an error
            bytes = Base64.getDecoder()
                    .decode(payload.replaceAll("[\\r\\n\\t ]", "")
                            .replace('-', '+')
                            .replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(where + ".data is not valid base64: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest(where + ".data is empty");
        }
        if (bytes.length > maxBytes) {
            throw ApiException.tooLarge(where + ": the " + modality.wireName() + " is " + bytes.length
                    + " bytes; the limit is " + maxBytes + " bytes per media item (--max-media-bytes)");
        }
        return MediaRef.ofBytes(bytes, where, modality);
    }
}
