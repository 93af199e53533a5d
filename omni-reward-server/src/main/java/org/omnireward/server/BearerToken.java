package org.omnireward.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.omnireward.core.InvalidInputException;

/**
 * The secret clients must send as {@code Authorization: Bearer <token>}. Only its SHA-256 digest is
 * kept; a presented token is hashed and compared with {@link MessageDigest#isEqual} (constant time,
 * and the equal-length digests reveal nothing about the secret's length). Never printed: {@link
 * #toString()} is redacted.
 */
public final class BearerToken {

    /** The environment variable the {@code serve} command reads the token from when no file is given. */
    public static final String ENV = "OMNI_REWARD_SERVER_TOKEN";

    /** Shortest token accepted: a guessable secret is no protection. */
    public static final int MIN_LENGTH = 16;

    private final byte[] digest;

    private BearerToken(String secret) {
        this.digest = sha256(secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A token from its text (surrounding whitespace, such as a file's final newline, is dropped).
     *
     * @throws InvalidInputException when it is shorter than {@link #MIN_LENGTH} characters or holds
     *     whitespace or control characters; the message never repeats the secret
     */
    public static BearerToken of(String secret, String source) {
        String s = secret == null ? "" : secret.strip();
        if (s.isEmpty()) {
            throw new InvalidInputException("the token from " + source + " is empty");
        }
        if (s.length() < MIN_LENGTH) {
            throw new InvalidInputException("the token from " + source + " has " + s.length()
                    + " characters; use at least " + MIN_LENGTH + " (e.g. openssl rand -hex 32)");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new InvalidInputException("the token from " + source
                        + " contains whitespace or a control character; an HTTP header cannot carry it");
            }
        }
        return new BearerToken(s);
    }

    /** The token in {@code file} (its first line; surrounding whitespace dropped). */
    public static BearerToken fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("--token-file " + file + ": no such file");
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            int nl = text.indexOf('\n');
            if (nl >= 0) {
                throw new InvalidInputException(
                        "--token-file " + file + " has more than one line; put only the token in it");
            }
            return of(text, "--token-file " + file);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidInputException("--token-file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read --token-file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Whether an {@code Authorization} header value carries this token ({@code Bearer <token>}, the
     * scheme case-insensitive).
     */
    public boolean matchesHeader(String authorization) {
        if (authorization == null) {
            return false;
        }
        String a = authorization.strip();
        if (a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return matches(a.substring(7).strip());
    }

    /** Whether {@code presented} is the token; time does not depend on where they differ. */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(digest, sha256(presented.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }
}
