package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.Usage;

class ResponseCacheTest {

    @TempDir
    Path dir;

    private static Conversation conversation(String text, String image) {
        return new Conversation("system", List.of(new Conversation.Text(text), new Conversation.Image(image)));
    }

    @Test
    void stores_and_reads_a_reply_with_its_usage() {
        ResponseCache c = new ResponseCache(dir);
        String key = ResponseCache.key("model=m", conversation("t", "data:image/jpeg;base64,AA=="));
        assertThat(c.get(key)).isEmpty();
        c.put(key, new ChatBackend.Reply("analysis [[A]]", new Usage(3, 4)));
        assertThat(c.get(key)).contains(new ChatBackend.Reply("analysis [[A]]", new Usage(3, 4)));
        assertThat(new ResponseCache(dir).get(key))
                .as("another instance on the same folder")
                .isPresent();
    }

    @Test
    void keys_differ_by_backend_identity_text_and_media() {
        String base = ResponseCache.key("model=m", conversation("t", "data:image/jpeg;base64,AA=="));
        assertThat(ResponseCache.key("model=n", conversation("t", "data:image/jpeg;base64,AA==")))
                .isNotEqualTo(base);
        assertThat(ResponseCache.key("model=m", conversation("u", "data:image/jpeg;base64,AA==")))
                .isNotEqualTo(base);
        assertThat(ResponseCache.key("model=m", conversation("t", "data:image/jpeg;base64,AB==")))
                .isNotEqualTo(base);
        assertThat(ResponseCache.key("model=m", conversation("t", "data:image/jpeg;base64,AA==")))
                .isEqualTo(base);
        Conversation split = new Conversation("system", List.of(new Conversation.Text("ab")));
        Conversation joined = new Conversation("systema", List.of(new Conversation.Text("b")));
        assertThat(split.fingerprint()).as("part boundaries count").isNotEqualTo(joined.fingerprint());
    }

    @Test
    void the_file_keeps_its_layout_and_writes_the_optional_fields_only_when_set() throws Exception {
        ResponseCache c = new ResponseCache(dir);
        String plain = ResponseCache.key("model=m", conversation("plain", "data:image/jpeg;base64,AA=="));
        String full = ResponseCache.key("model=m", conversation("full", "data:image/jpeg;base64,AA=="));
        c.put(plain, new ChatBackend.Reply("[[A]]", new Usage(3, 4)));
        c.put(full, new ChatBackend.Reply("x \"y\"", new Usage(5, 6), "thought", "length", "no"));
        List<String> texts = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                texts.add(Files.readString(p));
            }
        }
        assertThat(texts)
                .containsExactlyInAnyOrder(
                        "{\"version\":1,\"text\":\"[[A]]\",\"input_tokens\":3,\"output_tokens\":4}",
                        "{\"version\":1,\"text\":\"x \\\"y\\\"\",\"input_tokens\":5,\"output_tokens\":6,"
                                + "\"reasoning\":\"thought\",\"finish_reason\":\"length\",\"refusal\":\"no\"}");
        assertThat(c.get(full)).contains(new ChatBackend.Reply("x \"y\"", new Usage(5, 6), "thought", "length", "no"));
    }

    @Test
    void a_torn_or_foreign_file_is_a_miss_and_the_next_put_replaces_it() throws Exception {
        ResponseCache c = new ResponseCache(dir);
        String key = ResponseCache.key("model=m", conversation("t", "data:image/jpeg;base64,AA=="));
        c.put(key, new ChatBackend.Reply("[[B]]", Usage.UNKNOWN));
        Path file;
        try (Stream<Path> s = Files.walk(dir)) {
            file = s.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        Files.writeString(file, "{\"version\":1,\"te");
        assertThat(c.get(key)).isEmpty();
        Files.writeString(file, "{\"version\":99,\"text\":\"[[A]]\"}");
        assertThat(c.get(key)).isEmpty();
        c.put(key, new ChatBackend.Reply("[[A]]", Usage.UNKNOWN));
        assertThat(c.get(key).orElseThrow().text()).isEqualTo("[[A]]");
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(p -> p.toString().endsWith(".tmp")).count())
                    .as("no temporary files left")
                    .isZero();
        }
    }
}
