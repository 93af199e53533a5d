package org.omnireward.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void with_preference_changes_only_the_preference() {
        Verdict v = new Verdict(Preference.RESPONSE1, "because", "raw text", new Usage(10, 3));
        Verdict w = v.withPreference(Preference.RESPONSE2);
        assertThat(w).isEqualTo(new Verdict(Preference.RESPONSE2, "because", "raw text", new Usage(10, 3)));
        assertThat(v.preference()).isEqualTo(Preference.RESPONSE1);
    }

    @Test
    void a_missing_usage_is_unknown() {
        assertThat(new Verdict(Preference.TIE, null, null, null).usage()).isEqualTo(Usage.UNKNOWN);
        assertThat(Verdict.of(Preference.TIE).usage()).isEqualTo(Usage.UNKNOWN);
    }
}
