package org.omnireward.runtime.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;

class EndpointListTest {

    @TempDir
    Path dir;

    @Test
    void one_url_or_a_comma_list() {
        assertThat(EndpointList.parse("http://a:8000/v1", "base-url"))
                .extracting(EndpointUrl::display)
                .containsExactly("http://a:8000/v1");
        assertThat(EndpointList.parse("http://a:8000/v1, http://b:8000/v1", "base-url"))
                .extracting(EndpointUrl::display)
                .containsExactly("http://a:8000/v1", "http://b:8000/v1");
    }

    @Test
    void a_file_of_urls_with_comments_and_blank_lines() throws Exception {
        Path f = dir.resolve("replicas.txt");
        Files.writeString(f, "# GPU boxes\nhttp://a:8000/v1   # first\n\nhttp://b:8000/v1\n");
        assertThat(EndpointList.parse(f.toString(), "base-url")).hasSize(2);
        assertThat(EndpointList.parse("@" + f, "base-url")).hasSize(2);
    }

    @Test
    void errors_name_the_file_and_line() throws Exception {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "http://a:8000/v1\nftp://b/v1\n");
        assertThatThrownBy(() -> EndpointList.parse(f.toString(), "model option base-url"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad.txt, line 2");
        assertThatThrownBy(() -> EndpointList.parse("nowhere.txt", "model option base-url"))
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> EndpointList.parse("http://a/v1,,http://b/v1", "b"))
                .hasMessageContaining("entry 2");
        assertThatThrownBy(() -> EndpointList.parse("http://a/v1,http://a/v1", "b"))
                .hasMessageContaining("twice");
        Files.writeString(dir.resolve("empty.txt"), "# nothing\n");
        assertThatThrownBy(() -> EndpointList.parse(dir.resolve("empty.txt").toString(), "b"))
                .hasMessageContaining("no URL");
    }
}
