package org.omnireward.bench.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;

/**
 * Reads and writes {@code predictions.jsonl}. Reading tolerates a truncated last line (a run killed
 * mid-write) and reports any other malformed line with its line number.
 */
public final class PredictionsFile {

    /** File name inside a run directory. */
    public static final String NAME = "predictions.jsonl";

    private PredictionsFile() {}

    /**
     * Serialises one record as a single line with a trailing newline: the same JSON Jackson's data
     * binding writes for {@link PredictionRecord} (field order, nulls kept or left out as its
     * annotations say), written field by field because the runner writes one line per judged sample
     * and binding by reflection cost a sixth of the judge path's CPU ({@code perf/run judge}).
     */
    public static String toLine(PredictionRecord r) {
        int size = 320 + length(r.rawOutput()) + length(r.rationale()) + length(r.error());
        java.io.StringWriter out = new java.io.StringWriter(size);
        try (com.fasterxml.jackson.core.JsonGenerator g =
                Json.mapper().getFactory().createGenerator(out)) {
            write(g, r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise prediction " + r.id(), e);
        }
        return out.append('\n').toString();
    }

    /** {@link #toLine} as UTF-8 bytes. */
    public static byte[] toLineBytes(PredictionRecord r) {
        return toLine(r).getBytes(StandardCharsets.UTF_8);
    }

    private static void write(com.fasterxml.jackson.core.JsonGenerator g, PredictionRecord r) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("task", r.task());
        g.writeStringField("setting", r.setting());
        g.writeNumberField("index", r.index());
        g.writeStringField("label", r.label());
        g.writeStringField("prediction", r.prediction());
        g.writeFieldName("swapped");
        if (r.swapped() == null) {
            g.writeNull();
        } else {
            g.writeBoolean(r.swapped());
        }
        g.writeFieldName("scores");
        if (r.scores() == null) {
            g.writeNull();
        } else {
            g.writeStartArray();
            for (Double d : r.scores()) {
                if (d == null) {
                    g.writeNull();
                } else {
                    g.writeNumber(d);
                }
            }
            g.writeEndArray();
        }
        g.writeBooleanField("failed", r.failed());
        g.writeBooleanField("invalid", r.invalid());
        g.writeStringField("error", r.error());
        if (r.errorKind() != null) {
            g.writeStringField("error_kind", r.errorKind());
        }
        if (r.finishReason() != null) {
            g.writeStringField("finish_reason", r.finishReason());
        }
        g.writeNumberField("attempts", r.attempts());
        g.writeNumberField("latency_ms", r.latencyMs());
        if (r.rationale() != null) {
            g.writeStringField("rationale", r.rationale());
        }
        if (r.rawOutput() != null) {
            g.writeStringField("raw_output", r.rawOutput());
        }
        if (r.inputTokens() != null) {
            g.writeNumberField("input_tokens", r.inputTokens());
        }
        if (r.outputTokens() != null) {
            g.writeNumberField("output_tokens", r.outputTokens());
        }
        if (r.swapConsistent() != null) {
            g.writeBooleanField("swap_consistent", r.swapConsistent());
        }
        g.writeEndObject();
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** Parses one line. */
    public static PredictionRecord parseLine(String line) throws JsonProcessingException {
        return Json.mapper().readValue(line, PredictionRecord.class);
    }

    /**
     * Reads all complete records. A last line without its newline that does not parse is ignored
     * (it is what a kill leaves behind); any other bad line is an error naming file and line.
     *
     * @return the records, in file order; empty when the file does not exist
     */
    public static List<PredictionRecord> read(Path file) {
        List<PredictionRecord> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        int lineNo = 0;
        int start = 0;
        while (start < content.length()) {
            int nl = content.indexOf('\n', start);
            boolean complete = nl >= 0;
            String line = complete ? content.substring(start, nl) : content.substring(start);
            lineNo++;
            start = complete ? nl + 1 : content.length();
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(parseLine(line));
            } catch (JsonProcessingException e) {
                if (!complete) {
                    break; // truncated last line from an interrupted run
                }
                throw new InvalidInputException(
                        file + " line " + lineNo + ": not a prediction record: " + e.getOriginalMessage());
            }
        }
        return out;
    }

    /**
     * The byte length of the file's valid prefix: everything up to the last newline. A writer
     * resuming a run truncates the file to this length before appending.
     */
    public static long completePrefixLength(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] all = Files.readAllBytes(file);
        int i = all.length - 1;
        while (i >= 0 && all[i] != '\n') {
            i--;
        }
        return i + 1L;
    }
}
