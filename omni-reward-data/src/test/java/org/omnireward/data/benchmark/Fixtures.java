package org.omnireward.data.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.omnireward.core.Task;

/** Builds benchmark fixtures in a temp folder. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    /** A valid text record of the official schema. */
    static Map<String, Object> textRecord(String id, String label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("prompt", "Explain " + id);
        m.put("criteria", "Prefer the clearer answer.");
        m.put("criteria_preference", label);
        m.put("model1", "m-a");
        m.put("model2", "m-b");
        m.put("response1", "first answer of " + id);
        m.put("response2", "second answer of " + id);
        return m;
    }

    /** A copy of {@code m} with {@code key} set (or removed when value is the string "<remove>"). */
    static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
        Map<String, Object> c = new LinkedHashMap<>(m);
        if ("<remove>".equals(value)) {
            c.remove(key);
        } else {
            c.put(key, value);
        }
        return c;
    }

    static Path writeJson(Path file, Object value) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), value);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeJsonl(Path file, List<Map<String, Object>> records) {
        try {
            List<String> lines = new ArrayList<>();
            for (Map<String, Object> r : records) {
                lines.add(JSON.writeValueAsString(r));
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeString(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeBytes(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All entries of one task, in stream order. */
    static List<LoadedEntry> entries(BenchmarkSource src, Task task) {
        try (Stream<LoadedEntry> s = src.entries(task)) {
            return s.toList();
        }
    }

    static List<LoadedEntry> load(Path dir, LoadOptions opts, Task task) {
        try (BenchmarkSource src = BenchmarkLoader.open(dir, opts)) {
            return entries(src, task);
        }
    }

    static LoadedEntry.Invalid invalid(LoadedEntry e) {
        if (e instanceof LoadedEntry.Invalid i) {
            return i;
        }
        throw new AssertionError("expected an invalid entry, got " + e);
    }

    static LoadedEntry.Valid valid(LoadedEntry e) {
        if (e instanceof LoadedEntry.Valid v) {
            return v;
        }
        throw new AssertionError("expected a valid entry, got " + e);
    }
}
