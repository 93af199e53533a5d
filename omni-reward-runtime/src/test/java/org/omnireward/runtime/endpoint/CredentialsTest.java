package org.omnireward.runtime.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void every_secret_is_masked_longest_first_and_short_ones_are_left_alone() {
        Credentials c = Credentials.of(List.of("sk-abcdef", "sk-abcdef-long", "pw"));
        assertThat(c.mask("key sk-abcdef-long and sk-abcdef; pw stays")).isEqualTo("key *** and ***; pw stays");
        assertThat(c.mask(null)).isNull();
        assertThat(Credentials.none().isEmpty()).isTrue();
    }

    @Test
    void urls_in_text_lose_their_user_info_and_query_values() {
        assertThat(Credentials.maskUrls("calling http://bob:pw@host:8000/v1 failed"))
                .isEqualTo("calling http://***@host:8000/v1 failed");
        assertThat(Credentials.maskUrls("see https://h/v1?key=abc&api-version=1, then"))
                .isEqualTo("see https://h/v1?key=***&api-version=1, then");
        assertThat(Credentials.maskUrls("no url here: a@b ? c=d")).isEqualTo("no url here: a@b ? c=d");
        assertThat(Credentials.none().mask("http://u:p@h/x")).isEqualTo("http://***@h/x");
        assertThat(Credentials.maskUrls("http://a/v1?key=k1,http://u:p@b/v1?token=t2"))
                .isEqualTo("http://a/v1?key=***,http://***@b/v1?token=***");
    }

    @Test
    void endpoint_secrets_join_the_api_key() {
        Credentials c = Credentials.none()
                .with(List.of(EndpointUrl.parse("http://u:longpass@h/v1?token=tok-9999", "b")), "sk-live-key");
        assertThat(c.mask("echo longpass tok-9999 sk-live-key")).isEqualTo("echo *** *** ***");
    }
}
