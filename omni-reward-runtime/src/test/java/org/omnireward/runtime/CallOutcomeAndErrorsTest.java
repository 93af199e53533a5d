package org.omnireward.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.RetriableException;

class CallOutcomeAndErrorsTest {

    @Test
    void our_exceptions_are_described_by_their_message_others_by_type_and_message() {
        assertThat(Errors.describe(new InvalidInputException("bad image"))).isEqualTo("bad image");
        assertThat(Errors.describe(new RetriableException(" "))).isEqualTo("RetriableException");
        assertThat(Errors.describe(new IllegalStateException("oops"))).isEqualTo("IllegalStateException: oops");
        assertThat(Errors.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }

    @Test
    void the_attempt_count_is_added_only_when_retries_ran_out() {
        RetriableException e = new RetriableException("timeout");
        assertThat(new CallOutcome<>(null, e, true, 3, 10, null).errorMessage())
                .isEqualTo("timeout (after 3 attempts)");
        assertThat(new CallOutcome<>(null, e, false, 3, 10, null).errorMessage())
                .isEqualTo("timeout");
        assertThat(new CallOutcome<>("v", null, false, 1, 10, null).errorMessage())
                .isNull();
    }

    @Test
    void raw_outputs_are_copied_and_never_null() {
        List<String> raw = new ArrayList<>(List.of("a"));
        CallOutcome<String> o = new CallOutcome<>("v", null, false, 1, 1, raw);
        raw.add("b");
        assertThat(o.rawOutputs()).containsExactly("a");
        assertThat(new CallOutcome<>("v", null, false, 1, 1, null).rawOutputs()).isEmpty();
        assertThat(o.ok()).isTrue();
    }
}
