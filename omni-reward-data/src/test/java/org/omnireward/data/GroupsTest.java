package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GroupsTest {

    @Test
    void group_keys_are_stable_across_versions_as_documented() {
        // the value in docs/preference-format.md: changing the key would silently change every split
        assertThat(Groups.ofPrompt("Name three primary colours.")).isEqualTo("p746de8e2cea27a7e");
    }

    @Test
    void normalisation_ignores_case_spacing_and_compatibility_forms() {
        assertThat(Groups.ofPrompt("  NAME three\u00A0primary \n colours. "))
                .isEqualTo(Groups.ofPrompt("Name three primary colours."));
        assertThat(Groups.ofPrompt("Name three secondary colours."))
                .isNotEqualTo(Groups.ofPrompt("Name three primary colours."));
    }

    @Test
    void unit_hash_is_in_the_unit_interval_and_depends_on_seed_and_key() {
        double a = Groups.unitHash(1, "k");
        assertThat(a).isBetween(0.0, 1.0).isNotEqualTo(Groups.unitHash(2, "k")).isNotEqualTo(Groups.unitHash(1, "j"));
        assertThat(Groups.unitHash(1, "k")).isEqualTo(a);
    }
}
