package org.omnireward.runtime.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;

class EndpointUrlTest {

    @Test
    void user_info_becomes_basic_auth_and_never_appears_in_request_urls_or_display() {
        EndpointUrl u = EndpointUrl.parse("http://alice:S3cr%40t-pw@gpu-box:8000/v1/", "base-url");
        assertThat(u.requestUrl("chat/completions")).isEqualTo("http://gpu-box:8000/v1/chat/completions");
        assertThat(u.display())
                .isEqualTo("http://***@gpu-box:8000/v1")
                .doesNotContain("alice")
                .doesNotContain("S3cr");
        assertThat(u.toString()).isEqualTo(u.display());
        assertThat(u.identity()).isEqualTo("http://gpu-box:8000/v1");
        String basic = u.basicAuthorization().orElseThrow();
        assertThat(new String(Base64.getDecoder().decode(basic.substring("Basic ".length())), StandardCharsets.UTF_8))
                .isEqualTo("alice:S3cr@t-pw");
        assertThat(u.secrets()).contains("S3cr@t-pw", "alice:S3cr@t-pw", basic.substring("Basic ".length()));
    }

    @Test
    void query_values_are_kept_on_requests_and_masked_in_display_except_api_version() {
        EndpointUrl u =
                EndpointUrl.parse("https://proxy.example/v1?api-version=2024-06-01&api-key=qk-123456", "base-url");
        assertThat(u.requestUrl("chat/completions"))
                .isEqualTo("https://proxy.example/v1/chat/completions?api-version=2024-06-01&api-key=qk-123456");
        assertThat(u.display()).isEqualTo("https://proxy.example/v1?api-version=2024-06-01&api-key=***");
        assertThat(u.identity()).isEqualTo("https://proxy.example/v1");
        assertThat(u.secrets()).contains("qk-123456").doesNotContain("2024-06-01");
    }

    @Test
    void a_path_already_ending_in_the_suffix_is_used_as_is() {
        assertThat(EndpointUrl.parse("http://h:1/pooling", "x").requestUrl("pooling"))
                .isEqualTo("http://h:1/pooling");
        assertThat(EndpointUrl.parse("http://h:1", "x").requestUrl("pooling")).isEqualTo("http://h:1/pooling");
    }

    @Test
    void bad_urls_are_refused_without_repeating_credentials() {
        assertThatThrownBy(() -> EndpointUrl.parse("ftp://u:hunter22@h/v1", "model option base-url"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model option base-url")
                .hasMessageContaining("http://")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter22"));
        assertThatThrownBy(() -> EndpointUrl.parse("http:///v1", "b")).hasMessageContaining("no host");
        assertThatThrownBy(() -> EndpointUrl.parse("http://h/v1#x", "b")).hasMessageContaining("fragment");
        assertThatThrownBy(() -> EndpointUrl.parse(" ", "b")).hasMessageContaining("empty");
    }
}
