package org.omnireward.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.runtime.endpoint.ReplicaStats;

/** The files a run folder writes, byte for byte as documented in results-format.md. */
class RunFolderFilesTest {

    @TempDir
    Path tmp;

    @Test
    void replicas_json_has_the_documented_keys_in_order() throws Exception {
        RunFolder folder = new RunFolder(tmp);
        folder.writeReplicas(List.of(
                new ReplicaStats("http://***@a:8000/v1", 12, 2, 1, false),
                new ReplicaStats("http://b:8000/v1", 30, 0, 0, true)));
        assertThat(Files.readString(tmp.resolve(RunFolder.REPLICAS))).isEqualTo("""
                        {
                          "replicas" : [ {
                            "endpoint" : "http://***@a:8000/v1",
                            "requests" : 12,
                            "failed" : 2,
                            "ejections" : 1,
                            "healthy" : false
                          }, {
                            "endpoint" : "http://b:8000/v1",
                            "requests" : 30,
                            "failed" : 0,
                            "ejections" : 0,
                            "healthy" : true
                          } ]
                        }
                        """);
    }

    @Test
    void replicas_json_of_no_replicas_is_an_empty_list() throws Exception {
        new RunFolder(tmp).writeReplicas(List.of());
        assertThat(Files.readString(tmp.resolve(RunFolder.REPLICAS))).isEqualTo("{\n  \"replicas\" : [ ]\n}\n");
    }
}
