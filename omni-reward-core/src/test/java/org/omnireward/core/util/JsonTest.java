package org.omnireward.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    public record Point(int x, int y) {}

    @Test
    void the_lenient_mapper_ignores_unknown_properties() throws Exception {
        Point p = Json.mapper().readValue("{\"x\":1,\"y\":2,\"addedLater\":true}", Point.class);
        assertThat(p).isEqualTo(new Point(1, 2));
    }

    @Test
    void strict_lines_refuse_trailing_tokens_but_ignore_unknown_properties() throws Exception {
        assertThat(Json.strictLines().readValue("{\"x\":1,\"y\":2,\"z\":3}", Point.class))
                .isEqualTo(new Point(1, 2));
        assertThatThrownBy(() -> Json.strictLines().readValue("{\"x\":1,\"y\":2} {\"x\":3}", Point.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> Json.strictLines().readTree("{\"x\":1} 5"))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void write_is_compact_in_declared_order_and_pretty_indents() throws Exception {
        assertThat(Json.write(new Point(3, 4))).isEqualTo("{\"x\":3,\"y\":4}");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", Map.of("c", 2));
        String pretty = Json.pretty().writeValueAsString(m);
        assertThat(pretty).contains("\n").contains("  \"a\" : 1").contains("    \"c\" : 2");
        assertThat(Json.mapper().readTree(pretty)).isEqualTo(Json.mapper().readTree(Json.write(m)));
    }

    @Test
    void an_empty_bean_is_written_as_an_empty_object() {
        assertThat(Json.write(new Object())).isEqualTo("{}");
    }
}
