package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Preference;
import org.omnireward.core.Task;
import org.omnireward.runtime.endpoint.ReplicaStats;

/** Several replicas in base-url: load spread, a dead replica taken out with no failed request, counts reported. */
class ReplicaIT {

    @TempDir
    Path dir;

    @Test
    void a_replica_that_dies_mid_run_costs_no_request_and_the_counts_are_reported() throws Exception {
        List<FakeChatServer> servers = List.of(new FakeChatServer(), new FakeChatServer(), new FakeChatServer());
        servers.forEach(
                s -> s.otherwise(r -> FakeChatServer.Reply.ok("Fine.\n[[A]]").delayed(5)));
        String urls =
                String.join(",", servers.stream().map(FakeChatServer::baseUrl).toList());
        PairwiseRequest request = TestMedia.request(Task.T2T, dir, true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ChatJudge judge =
                TestMedia.judge(servers.get(0), dir.resolve("cache"), Map.of("cache", "false", "base-url", urls))) {
            List<Future<Preference>> first = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                first.add(pool.submit(() -> judge.judge(request).preference()));
            }
            for (Future<Preference> f : first) {
                assertThat(f.get()).isEqualTo(Preference.RESPONSE1);
            }
            List<ReplicaStats> before = judge.replicaStats();
            assertThat(before)
                    .extracting(ReplicaStats::requests)
                    .allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(10));
            int servedByOthers =
                    servers.get(0).requests().size() + servers.get(2).requests().size();
            servers.get(1).close(); // the replica dies
            List<Future<Preference>> second = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                second.add(pool.submit(() -> judge.judge(request).preference()));
            }
            for (Future<Preference> f : second) {
                assertThat(f.get())
                        .as("no request fails: it goes to another replica")
                        .isEqualTo(Preference.RESPONSE1);
            }
            List<ReplicaStats> after = judge.replicaStats();
            assertThat(after).hasSize(3);
            assertThat(after.get(1).endpoint()).isEqualTo(servers.get(1).baseUrl());
            assertThat(after.get(1).failed()).isGreaterThanOrEqualTo(1);
            assertThat(after.get(1).ejections()).isGreaterThanOrEqualTo(1);
            assertThat(servers.get(0).requests().size()
                            + servers.get(2).requests().size())
                    .as("the other two answered every request of the second round")
                    .isEqualTo(servedByOthers + 60);
            assertThat(after.get(1).requests() - before.get(1).requests())
                    .as("requests tried on the dead replica")
                    .isEqualTo(after.get(1).failed());
            assertThat(after.get(0).healthy()).isTrue();
        } finally {
            pool.shutdownNow();
            servers.forEach(FakeChatServer::close);
        }
    }
}
