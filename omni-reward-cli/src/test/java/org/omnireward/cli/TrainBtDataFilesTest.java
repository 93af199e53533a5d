package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.data.PreferenceReaders;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.ReadResult;
import org.omnireward.scalar.bt.DataFile;

/** The training-data provenance {@code train bt} writes into the model manifest. */
class TrainBtDataFilesTest {

    @TempDir
    Path tmp;

    @Test
    void manifest_counts_every_skipped_record_even_beyond_those_kept_in_detail() throws Exception {
        int bad = ReadResult.MAX_KEPT_SKIPS + 5;
        List<String> lines = new ArrayList<>();
        lines.add(ConcisenessPairs.line("ok", "Prefer the concise answer.", "Tell me about tides.", "Tides.",
                "Waves rise and fall twice a day.", false));
        for (int i = 0; i < bad; i++) {
            lines.add(ConcisenessPairs.line("same" + i, "Prefer the concise answer.", "Tell me about DNA " + i + ".",
                    "DNA.", "DNA.", false));
        }
        Path file = Files.write(tmp.resolve("train.jsonl"), lines);
        PreferenceSource source = PreferenceReaders.open(file);
        ReadResult read = source.readAll();

        List<DataFile> files = TrainBtCommand.dataFiles("train", source, read);

        assertThat(files).hasSize(1);
        assertThat(files.get(0).counts()).containsEntry("pairs", 1L).containsEntry("skipped", (long) bad);
    }
}
