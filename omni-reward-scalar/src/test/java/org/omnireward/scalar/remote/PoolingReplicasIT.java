package org.omnireward.scalar.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Response;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.runtime.endpoint.ReplicaStats;

/** pooling: with several replicas: load spread, a dead replica costs no item, counts reported. */
class PoolingReplicasIT {

    @TempDir
    Path dir;

    private static List<ScoringRequest> batch(int n) {
        List<ScoringRequest> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ScoringRequest(Task.T2T, "c", "p", List.of(), Response.text("x".repeat(i + 1))));
        }
        return out;
    }

    @Test
    void a_replica_that_dies_costs_no_item_and_each_replicas_requests_are_counted() throws Exception {
        List<FakePoolingServer> servers =
                List.of(new FakePoolingServer(), new FakePoolingServer(), new FakePoolingServer());
        Path list = dir.resolve("replicas.txt");
        Files.writeString(
                list,
                "# three GPU boxes\n"
                        + String.join(
                                "\n",
                                servers.stream().map(FakePoolingServer::baseUrl).toList()));
        try (PoolingRewardModel m = PoolingRewardModel.builder()
                .setEndpoint(list.toString())
                .optParallel(6)
                .build()) {
            assertThat(m.endpoints()).hasSize(3);
            List<ScoreResult> first = m.scoreBatch(batch(30));
            assertThat(first).allSatisfy(r -> assertThat(r.ok()).isTrue());
            assertThat(servers).allSatisfy(s -> assertThat(s.requests()).isNotEmpty());
            servers.get(2).close();
            List<ScoreResult> second = m.scoreBatch(batch(30));
            for (int i = 0; i < second.size(); i++) {
                assertThat(second.get(i).ok()).isTrue();
                assertThat(second.get(i).score()).isEqualTo(i + 1);
            }
            List<ReplicaStats> stats = m.replicaStats();
            assertThat(stats.get(2).failed()).isGreaterThanOrEqualTo(1);
            assertThat(stats.get(2).ejections()).isGreaterThanOrEqualTo(1);
            assertThat(stats.get(2).healthy()).isFalse();
            assertThat(stats.stream().mapToLong(ReplicaStats::requests).sum()
                            - stats.get(2).failed())
                    .isEqualTo(60);
            assertThat(m.name()).startsWith("pooling:http://127.0.0.1:").contains(",");
        } finally {
            servers.forEach(FakePoolingServer::close);
        }
    }

    @Test
    void a_comma_list_is_accepted_and_credentials_are_refused_without_being_shown() throws Exception {
        try (FakePoolingServer a = new FakePoolingServer();
                FakePoolingServer b = new FakePoolingServer();
                PoolingRewardModel m = PoolingRewardModel.builder()
                        .setEndpoint(a.baseUrl() + "," + b.baseUrl())
                        .build()) {
            assertThat(m.endpoints())
                    .extracting(Object::toString)
                    .containsExactly(a.baseUrl() + "/pooling", b.baseUrl() + "/pooling");
        }
        assertThatThrownBy(() -> PoolingRewardModel.builder().setEndpoint("http://a:1,http://u:hunter22@b:2"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must not carry credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter22"));
        assertThatThrownBy(() -> PoolingRewardModel.builder().setEndpoint("http://a:1/?key=qk-12345"))
                .hasMessageContaining("query")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("qk-12345"));
    }
}
