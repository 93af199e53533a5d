package org.omnireward.bench.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.core.InvalidInputException;

/** Reads a {@code summary.json} written by {@link SummaryWriter}. */
public final class SummaryReader {

    private SummaryReader() {
    }

    /**
     * Reads {@code file}.
     *
     * @throws InvalidInputException when the file is missing, is not JSON of the summary shape, or
     *     has no {@code model} or {@code settings}; the message names the file
     */
    public static Summary read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("no summary at " + file + " (expected a " + SummaryWriter.NAME
                    + " written by 'bench run' or 'bench report')");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Summary summary;
        try {
            summary = PredictionsFile.MAPPER.readValue(text, Summary.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new InvalidInputException(file + " is not a valid summary" + where + ": " + e.getOriginalMessage());
        }
        if (summary == null || summary.model() == null || summary.settings().isEmpty()) {
            throw new InvalidInputException(file + " is not a valid summary: it needs 'model' and a non-empty 'settings'");
        }
        return summary;
    }
}
