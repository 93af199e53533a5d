package org.omnireward.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    private static final long SECOND = 1_000_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong(123 * SECOND);

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void plain_mode_prints_the_first_update_then_at_most_one_line_per_10_s_and_always_the_last() {
        ProgressDisplay p = new ProgressDisplay(out, "encoding", false, clock::get);
        // 100 units, one per second: lines at 1 s (first), 11 s, 21 s, ... 91 s, and the final one at 100 s
        for (int done = 1; done <= 100; done++) {
            clock.addAndGet(SECOND);
            p.update(done, 100, "texts", "");
        }

        List<String> lines = lines();
        assertThat(lines).hasSize(11);
        assertThat(lines)
                .extracting(l -> l.split(" ")[1])
                .containsExactly(
                        "1/100", "11/100", "21/100", "31/100", "41/100", "51/100", "61/100", "71/100", "81/100",
                        "91/100", "100/100");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r").doesNotContain("\u001b");
    }

    @Test
    void plain_mode_prints_the_final_line_even_right_after_another() {
        ProgressDisplay p = new ProgressDisplay(out, "training", false, clock::get);
        p.update(1, 3, "steps", "");
        clock.addAndGet(SECOND / 10);
        p.update(2, 3, "steps", "");
        clock.addAndGet(SECOND / 10);
        p.update(3, 3, "steps", "");

        assertThat(lines()).hasSize(2);
        assertThat(lines().get(1)).startsWith("training 3/3 steps (100%)");
    }

    @Test
    void a_plain_line_has_counts_percentage_rate_eta_and_the_extra_text() {
        ProgressDisplay p = new ProgressDisplay(out, "training", false, clock::get);
        clock.addAndGet(20 * SECOND);
        p.update(2_000, 8_000, "steps", "epoch 1/4 loss 0.6931");
        clock.addAndGet(SECOND);
        p.update(8_000, 8_000, "steps", "epoch 4/4 loss 0.1000");

        // 2,000 steps in 20 s: 100 steps/s, 6,000 to go: 60 s
        assertThat(lines().get(0))
                .isEqualTo("training 2,000/8,000 steps (25%)  100.0 steps/s ETA 1m00s  epoch 1/4 loss 0.6931");
        // the final line has no ETA
        assertThat(lines().get(1)).isEqualTo("training 8,000/8,000 steps (100%)  381.0 steps/s  epoch 4/4 loss 0.1000");
    }

    @Test
    void a_resumed_job_counts_its_rate_from_the_units_done_since_the_restart() {
        ProgressDisplay p = new ProgressDisplay(out, "train", false, clock::get);
        p.restartClock(25);
        clock.addAndGet(10 * SECOND);
        p.update(30, 35, "steps", "");
        // 5 steps in 10 s: 0.5 steps/s, 5 to go: 10 s
        assertThat(lines().get(0)).isEqualTo("train 30/35 steps (86%)  0.5 steps/s ETA 10s");
    }

    @Test
    void interactive_mode_redraws_one_line_and_ends_it_when_done_or_asked() {
        ProgressDisplay p = new ProgressDisplay(out, "encoding", true, clock::get);
        p.update(1, 10, "texts", "");
        clock.addAndGet(SECOND / 100);
        p.update(2, 10, "texts", ""); // within 200 ms: not drawn
        clock.addAndGet(SECOND);
        p.update(5, 10, "texts", "");
        p.close();
        p.close(); // nothing left to end
        clock.addAndGet(SECOND);
        p.update(10, 10, "texts", "");

        String s = bytes.toString(StandardCharsets.UTF_8);
        assertThat(s).startsWith("\rencoding 1/10 texts (10%)");
        assertThat(s).doesNotContain("2/10");
        assertThat(s.chars().filter(c -> c == '\r').count()).isEqualTo(3);
        assertThat(s.chars().filter(c -> c == '\n').count()).isEqualTo(2); // breakLine once, and the final line
        assertThat(s)
                .contains("\rencoding 5/10 texts (50%)")
                .endsWith("10/10 texts (100%)  5.0 texts/s\u001b[K" + System.lineSeparator());
    }

    @Test
    void finish_after_the_last_update_does_not_print_the_final_counts_twice() {
        ProgressDisplay p = new ProgressDisplay(out, "run", false, clock::get);
        clock.addAndGet(SECOND);
        p.update(5, 5, "lines", "");
        p.finish(5, 5, "lines", "");
        assertThat(lines()).hasSize(1);
    }

    @Test
    void finish_with_an_unknown_total_prints_the_count_once_and_ends_a_drawn_line() {
        ProgressDisplay p = new ProgressDisplay(out, "run", true, clock::get);
        clock.addAndGet(SECOND);
        p.update(3, -1, "lines", "");
        clock.addAndGet(SECOND);
        p.finish(7, -1, "lines", "");
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertThat(s).contains("\rrun 7 lines").endsWith(System.lineSeparator());
        assertThat(s.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void a_message_above_a_drawn_line_clears_it_and_the_next_update_redraws_it_at_once() {
        ProgressDisplay p = new ProgressDisplay(out, "run", true, clock::get);
        p.update(1, 10, "items", "");
        clock.addAndGet(SECOND / 100);
        p.message("warning: sample s3 skipped");
        clock.addAndGet(SECOND / 100); // well within the redraw interval
        p.update(2, 10, "items", "");

        String s = bytes.toString(StandardCharsets.UTF_8);
        String nl = System.lineSeparator();
        assertThat(s).contains("\r\u001b[K" + "warning: sample s3 skipped" + nl + "\rrun 2/10 items");
        assertThat(s).startsWith("\rrun 1/10 items");
    }

    @Test
    void a_message_with_no_drawn_line_is_a_plain_line() {
        ProgressDisplay p = new ProgressDisplay(out, "run", true, clock::get);
        p.message("hello");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("hello" + System.lineSeparator());
    }

    @Test
    void finish_with_an_unknown_total_prints_once_and_ends_the_line() {
        ProgressDisplay p = new ProgressDisplay(out, "converting", true, clock::get);
        clock.addAndGet(2 * SECOND);
        p.finish(40, -1, "rows", "");
        p.close();

        String s = bytes.toString(StandardCharsets.UTF_8);
        assertThat(s).isEqualTo("\rconverting 40 rows  20.0 rows/s\u001b[K" + System.lineSeparator());
    }

    @Test
    void finish_in_plain_mode_prints_the_final_line_even_right_after_another() {
        ProgressDisplay p = new ProgressDisplay(out, "converting", false, clock::get);
        clock.addAndGet(SECOND);
        p.update(10, -1, "rows", "");
        clock.addAndGet(SECOND);
        p.update(20, -1, "rows", ""); // within 10 s: not printed
        p.finish(30, -1, "rows", "done");

        assertThat(lines()).containsExactly("converting 10 rows  10.0 rows/s", "converting 30 rows  15.0 rows/s  done");
    }

    @Test
    void close_twice_is_safe_and_ends_a_drawn_line_only_once() {
        ProgressDisplay p = new ProgressDisplay(out, "x", true, clock::get);
        p.update(1, 5, "u", "");
        p.close();
        p.close();
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertThat(s.chars().filter(c -> c == '\n').count()).isEqualTo(1);
        ProgressDisplay untouched = new ProgressDisplay(out, "y", true, clock::get);
        untouched.close();
        untouched.close();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(s);
    }

    @Test
    void interactive_by_default_honours_the_terminal_property() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("CI") == null, "CI set: never interactive");
        String saved = System.getProperty(ProgressDisplay.TERMINAL_PROPERTY);
        try {
            System.setProperty(ProgressDisplay.TERMINAL_PROPERTY, "true");
            assertThat(ProgressDisplay.interactiveByDefault()).isTrue();
            assertThat(new ProgressDisplay(out, "x").interactive()).isTrue();
            System.setProperty(ProgressDisplay.TERMINAL_PROPERTY, " TRUE ");
            assertThat(ProgressDisplay.interactiveByDefault()).isTrue();
            System.setProperty(ProgressDisplay.TERMINAL_PROPERTY, "false");
            assertThat(ProgressDisplay.interactiveByDefault()).isFalse();
            assertThat(new ProgressDisplay(out, "x").interactive()).isFalse();
        } finally {
            if (saved == null) {
                System.clearProperty(ProgressDisplay.TERMINAL_PROPERTY);
            } else {
                System.setProperty(ProgressDisplay.TERMINAL_PROPERTY, saved);
            }
        }
    }

    @Test
    void no_rate_or_eta_is_shown_before_half_a_second_has_been_measured() {
        ProgressDisplay p = new ProgressDisplay(out, "encoding", false, clock::get);
        clock.addAndGet(1_000_000); // 1 ms: 256 texts came from a cache
        p.update(256, 15_910, "texts", "");
        assertThat(lines().get(0)).isEqualTo("encoding 256/15,910 texts (2%)");
    }
}
