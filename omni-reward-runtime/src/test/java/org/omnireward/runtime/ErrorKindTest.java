package org.omnireward.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RefusedException;
import org.omnireward.core.RetriableException;
import org.omnireward.core.Task;
import org.omnireward.core.TruncatedOutputException;
import org.omnireward.core.UnparseableOutputException;
import org.omnireward.core.UnsupportedTaskException;

class ErrorKindTest {

    @Test
    void the_most_specific_kind_wins() {
        assertThat(ErrorKind.of(new UnparseableOutputException("no verdict", "raw")))
                .isEqualTo(ErrorKind.UNPARSEABLE);
        assertThat(ErrorKind.of(new RateLimitedException("429", Duration.ofSeconds(1))))
                .isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(ErrorKind.of(new RetriableException("timeout"))).isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorKind.of(new AuthenticationException("401"))).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(ErrorKind.of(new InvalidInputException("bad"))).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(ErrorKind.of(new UnsupportedTaskException("m", Task.T2I))).isEqualTo(ErrorKind.UNSUPPORTED_TASK);
        assertThat(ErrorKind.of(new NonRetriableException("refused"))).isEqualTo(ErrorKind.REJECTED);
        assertThat(ErrorKind.of(new NullPointerException())).isEqualTo(ErrorKind.INTERNAL);
    }

    @Test
    void truncated_and_refused_answers_have_their_own_kinds_not_rejected() {
        assertThat(ErrorKind.of(new TruncatedOutputException("cut off", "<think>…", "length")))
                .isEqualTo(ErrorKind.TRUNCATED);
        assertThat(ErrorKind.of(new RefusedException("refused", "I can't help with that.", "stop")))
                .isEqualTo(ErrorKind.REFUSED);
        assertThat(ErrorKind.TRUNCATED.wireName()).isEqualTo("truncated");
        assertThat(ErrorKind.REFUSED.wireName()).isEqualTo("refused");
    }

    @Test
    void wire_names_are_lower_snake_case() {
        assertThat(ErrorKind.RATE_LIMITED.wireName()).isEqualTo("rate_limited");
        assertThat(ErrorKind.INVALID_RECORD.wireName()).isEqualTo("invalid_record");
    }
}
