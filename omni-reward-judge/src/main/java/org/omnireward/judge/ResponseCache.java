package org.omnireward.judge;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.omnireward.core.Usage;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.Sha256;

/**
 * The judge's on-disk cache of chat replies: one small JSON file per reply ({@code text}, {@code
 * reasoning}, {@code finish_reason}, token counts), named by the SHA-256 of the backend's identity (the
 * endpoint without credentials, the model name and the request parameters) and the conversation
 * (every text and media part), so a rerun of the same requests costs no request, and another server
 * serving a model of the same name does not get this one's answers. Replies are stored as the backend
 * returned them, secrets already masked. Only replies a verdict could be
 * read from are stored (an unparseable reply must be asked again). Files are written to a temporary
 * name and moved into place, so concurrent writers and readers never see half a file; a file that
 * cannot be read is treated as a miss. Several threads and processes may share a folder.
 *
 * <p>The folder is {@link #defaultDirectory()} unless given: {@code <D>/judge} where D is the system
 * property {@value #DIRECTORY_PROPERTY}, else the environment variable {@value #DIRECTORY_ENV}, else
 * {@code $XDG_CACHE_HOME/omni-reward} (when absolute), else {@code ~/.cache/omni-reward}.
 */
public final class ResponseCache {

    /** System property naming the toolkit's cache folder (the judge uses its {@code judge} subfolder). */
    public static final String DIRECTORY_PROPERTY = org.omnireward.core.util.CacheDirectory.PROPERTY;
    /** Environment variable naming the toolkit's cache folder when the property is not set. */
    public static final String DIRECTORY_ENV = org.omnireward.core.util.CacheDirectory.ENV;

    static final int FORMAT_VERSION = 1;

    private final Path directory;

    /** A cache in {@code directory} (created on the first write). */
    public ResponseCache(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The folder replies are stored in. */
    public Path directory() {
        return directory;
    }

    /** The default folder (see the class comment). */
    public static Path defaultDirectory() {
        return defaultDirectory(System::getProperty, System::getenv);
    }

    static Path defaultDirectory(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        return org.omnireward.core.util.CacheDirectory.resolve(properties, environment)
                .sub("judge");
    }

    /** The key of {@code conversation} sent by a backend of identity {@code backendIdentity}. */
    public static String key(String backendIdentity, Conversation conversation) {
        return Sha256.hex(backendIdentity + "\u0000" + conversation.fingerprint());
    }

    private Path file(String key) {
        return directory.resolve(key.substring(0, 2)).resolve(key + ".json");
    }

    /** The stored reply for {@code key}, if any. */
    public Optional<ChatBackend.Reply> get(String key) {
        Path f = file(key);
        try {
            JsonNode n = Json.mapper().readTree(Files.readString(f, StandardCharsets.UTF_8));
            if (n == null
                    || n.path("version").asInt(-1) != FORMAT_VERSION
                    || !n.path("text").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new ChatBackend.Reply(
                    n.get("text").asText(),
                    new Usage(
                            n.path("input_tokens").asLong(-1),
                            n.path("output_tokens").asLong(-1)),
                    textOrNull(n, "reasoning"),
                    textOrNull(n, "finish_reason"),
                    textOrNull(n, "refusal")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // unreadable or torn: ask again, and the next put replaces it
        }
    }

    /** One cache file, in its key order; the last three only when the reply had them. */
    private record Entry(
            int version,
            String text,
            @JsonProperty("input_tokens") long inputTokens,
            @JsonProperty("output_tokens") long outputTokens,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reasoning,

            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("finish_reason")
            String finishReason,

            @JsonInclude(JsonInclude.Include.NON_NULL) String refusal) {}

    private static String textOrNull(JsonNode n, String field) {
        return n.path(field).isTextual() ? n.get(field).asText() : null;
    }

    /** Stores {@code reply} under {@code key}. */
    public void put(String key, ChatBackend.Reply reply) {
        Path f = file(key);
        Entry n = new Entry(
                FORMAT_VERSION,
                reply.text(),
                reply.usage().inputTokens(),
                reply.usage().outputTokens(),
                reply.reasoning(),
                reply.finishReason(),
                reply.refusal());
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), key.substring(0, 8), ".tmp");
            try {
                Files.writeString(tmp, Json.write(n), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the judge's response cache in " + directory
                            + " (model option cache=false turns it off)",
                    e);
        }
    }
}
