package org.omnireward.runtime.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplicaSetTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ReplicaSet<String> set = new ReplicaSet<>(List.of("a", "b", "c"), s -> "http://" + s, now::get);

    private void advanceMillis(long ms) {
        now.addAndGet(ms * 1_000_000L);
    }

    @Test
    void requests_go_to_the_least_loaded_replica_in_turn() {
        List<ReplicaSet.Lease<String>> held = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            held.add(set.acquire());
        }
        assertThat(held).extracting(ReplicaSet.Lease::target).containsExactlyInAnyOrder("a", "b", "c", "a", "b", "c");
        held.get(0).succeeded(); // "a" now has one in flight, the others two
        assertThat(set.acquire().target()).isEqualTo(held.get(0).target());
    }

    @Test
    void a_failing_replica_is_taken_out_then_offered_again_and_readmitted_on_success() {
        ReplicaSet.Lease<String> l = leaseOn("b");
        l.failedUnhealthy();
        for (int i = 0; i < 20; i++) {
            ReplicaSet.Lease<String> x = set.acquire();
            assertThat(x.target()).isNotEqualTo("b");
            x.succeeded();
        }
        assertThat(set.stats().get(1)).isEqualTo(new ReplicaStats("http://b", 1, 1, 1, false));
        advanceMillis(1_001);
        assertThat(set.stats().get(1).healthy()).isTrue();
        ReplicaSet.Lease<String> probe = leaseOn("b");
        probe.failedUnhealthy(); // fails again: out twice as long
        advanceMillis(1_500);
        assertThat(set.stats().get(1).healthy()).isFalse();
        advanceMillis(600);
        leaseOn("b").succeeded();
        leaseOn("b").failedUnhealthy(); // after a success, back to the first, short ejection
        advanceMillis(1_001);
        assertThat(set.stats().get(1).healthy()).isTrue();
        assertThat(set.stats().get(1).ejections()).isEqualTo(3);
    }

    @Test
    void requests_in_flight_when_a_replica_dies_do_not_extend_its_time_out() {
        List<ReplicaSet.Lease<String>> onB = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ReplicaSet.Lease<String> x = set.acquire();
            if (x.target().equals("b")) {
                onB.add(x);
            } else {
                x.succeeded();
            }
        }
        onB.forEach(ReplicaSet.Lease::failedUnhealthy);
        advanceMillis(1_001);
        assertThat(set.stats().get(1).healthy()).isTrue();
        assertThat(set.stats().get(1).ejections()).isEqualTo(1);
        assertThat(set.stats().get(1).failed()).isEqualTo(onB.size());
    }

    @Test
    void with_every_replica_out_the_one_back_soonest_is_used() {
        leaseOn("a").failedUnhealthy();
        advanceMillis(10);
        leaseOn("b").failedUnhealthy();
        advanceMillis(10);
        leaseOn("c").failedUnhealthy();
        assertThat(set.acquire().target()).isEqualTo("a");
    }

    @Test
    void acquire_another_skips_tried_replicas_and_ends_when_none_is_left() {
        ReplicaSet.Lease<String> first = set.acquire();
        first.failedUnhealthy();
        List<String> tried = new ArrayList<>(List.of(first.target()));
        ReplicaSet.Lease<String> second = set.acquireAnother(tried).orElseThrow();
        assertThat(second.target()).isNotEqualTo(first.target());
        tried.add(second.target());
        ReplicaSet.Lease<String> third = set.acquireAnother(tried).orElseThrow();
        tried.add(third.target());
        assertThat(set.acquireAnother(tried)).isEmpty();
        ReplicaSet.Lease<String> single = new ReplicaSet<>(List.of("x"), s -> s).acquire();
        assertThat(new ReplicaSet<>(List.of("x"), s -> s).acquireAnother(List.of("x")))
                .isEmpty();
        single.succeeded();
        single.failedUnhealthy(); // a second end is ignored
    }

    private ReplicaSet.Lease<String> leaseOn(String target) {
        for (int i = 0; i < 10; i++) {
            ReplicaSet.Lease<String> l = set.acquire();
            if (l.target().equals(target)) {
                return l;
            }
            l.finished();
        }
        throw new AssertionError("never got " + target);
    }
}
