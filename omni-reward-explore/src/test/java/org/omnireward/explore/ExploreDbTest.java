package org.omnireward.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index's temporary folder: deleted on close; one left by a killed explorer is removed by the next one. */
class ExploreDbTest {

    @Test
    void close_deletes_the_folder_and_abandoned_folders_of_dead_processes_are_removed(@TempDir Path tmp)
            throws Exception {
        ExploreDb db = ExploreDb.create();
        Path dir = db.dir();
        assertThat(dir.resolve(ExploreDb.OWNER))
                .hasContent(Long.toString(ProcessHandle.current().pid()));
        db.close();
        assertThat(dir).doesNotExist();

        Path dead = Files.createDirectory(tmp.resolve(ExploreDb.PREFIX + "dead"));
        Files.writeString(dead.resolve(ExploreDb.OWNER), "2147483646"); // no such process
        Files.writeString(dead.resolve("index.duckdb"), "x");
        Path alive = Files.createDirectory(tmp.resolve(ExploreDb.PREFIX + "alive"));
        Files.writeString(
                alive.resolve(ExploreDb.OWNER),
                Long.toString(ProcessHandle.current().pid()));
        Path unknown = Files.createDirectory(tmp.resolve(ExploreDb.PREFIX + "no-owner"));
        Path other = Files.createDirectory(tmp.resolve("something-else"));
        ExploreDb.removeAbandoned(tmp);
        assertThat(dead).doesNotExist();
        assertThat(alive).exists();
        assertThat(unknown).exists();
        assertThat(other).exists();
    }

    @Test
    void the_log_is_written_into_the_file_every_quarter_of_the_memory_limit_at_most_256_mb() throws Exception {
        assertThat(ExploreDb.checkpointThreshold("1GB")).isEqualTo("256MiB");
        assertThat(ExploreDb.checkpointThreshold("2GiB")).isEqualTo("256MiB");
        assertThat(ExploreDb.checkpointThreshold("512MB")).isEqualTo("128MiB");
        assertThat(ExploreDb.checkpointThreshold("100 mb")).isEqualTo("25MiB");
        assertThat(ExploreDb.checkpointThreshold("80%")).isEqualTo("16MiB");
        ExploreDb db = ExploreDb.create();
        try (java.sql.Connection c = db.connect();
                java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT current_setting('checkpoint_threshold')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("256.0 MiB");
        } finally {
            db.close();
        }
    }
}
