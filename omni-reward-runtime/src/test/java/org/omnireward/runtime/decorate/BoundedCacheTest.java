package org.omnireward.runtime.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoundedCacheTest {

    @Test
    void keeps_at_most_capacity_entries_evicting_the_least_recently_used() {
        BoundedCache<String, Integer> c = new BoundedCache<>(2);
        c.put("a", 1);
        c.put("b", 2);
        assertThat(c.get("a")).isEqualTo(1); // a is now the most recent
        c.put("c", 3);
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.get("b")).isNull();
        assertThat(c.get("a")).isEqualTo(1);
        assertThat(c.get("c")).isEqualTo(3);
        assertThat(c.hits()).isEqualTo(3);
        assertThat(c.misses()).isEqualTo(1);
    }

    @Test
    void capacity_must_be_at_least_one() {
        assertThatThrownBy(() -> new BoundedCache<String, String>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
