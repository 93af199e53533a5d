package org.omnireward.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.omnireward.core.InvalidInputException;

/**
 * A streaming CSV parser following RFC 4180: fields separated by commas; records ended by CRLF, LF
 * or a lone CR; a field in double quotes may hold commas, line breaks and doubled quotes
 * ({@code ""} for one {@code "}), kept exactly as written. A leading byte order mark is dropped and
 * completely empty lines are skipped. A quote inside an unquoted field is kept literally (common in
 * real files). An unterminated quoted field, or text after a closing quote, is an
 * {@link InvalidInputException} naming the file, line and column: after it the record boundaries
 * are unknown, so the rest of the file cannot be trusted.
 */
public final class CsvReader implements Closeable {

    /** One record; {@code line} is the (1-based) line where it starts. */
    public record CsvRecord(long line, List<String> fields) {
        public CsvRecord {
            fields = List.copyOf(fields);
        }
    }

    private final Reader in;
    private final String name;
    private int lookahead = -2;
    private long line = 1;
    private long column = 0;
    private boolean started;

    /** Parses {@code in}; {@code name} (a file name) goes into error messages. */
    public CsvReader(Reader in, String name) {
        this.in = in instanceof BufferedReader ? in : new BufferedReader(in);
        this.name = name;
    }

    /** Opens a UTF-8 file; bytes that are not UTF-8 are reported, not replaced. */
    public static CsvReader open(Path file) {
        try {
            return new CsvReader(JsonRecords.utf8Reader(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("CSV file not found: " + file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a whole CSV text (for tests and small inputs). */
    public static List<CsvRecord> parse(String text) {
        List<CsvRecord> out = new ArrayList<>();
        try (CsvReader r = new CsvReader(new java.io.StringReader(text), "<text>")) {
            Optional<CsvRecord> rec;
            while ((rec = r.next()).isPresent()) {
                out.add(rec.get());
            }
        }
        return out;
    }

    /** The next record, or empty at the end of the input. */
    public Optional<CsvRecord> next() {
        while (true) {
            if (!started) {
                started = true;
                if (peek() == '\uFEFF') {
                    read();
                    column = 0;
                }
            }
            if (peek() == -1) {
                return Optional.empty();
            }
            long startLine = line;
            List<String> fields = new ArrayList<>();
            boolean quotedSeen = false;
            while (true) {
                StringBuilder field = new StringBuilder();
                int c = peek();
                if (c == '"') {
                    quotedSeen = true;
                    readQuoted(field);
                } else {
                    while ((c = peek()) != -1 && c != ',' && c != '\r' && c != '\n') {
                        field.append((char) read());
                    }
                }
                fields.add(field.toString());
                c = read();
                if (c == ',') {
                    continue;
                }
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                break; // line break or end of input
            }
            if (fields.size() == 1 && fields.get(0).isEmpty() && !quotedSeen) {
                continue; // an empty line
            }
            return Optional.of(new CsvRecord(startLine, fields));
        }
    }

    private void readQuoted(StringBuilder field) {
        long openLine = line;
        long openColumn = column + 1;
        read(); // opening quote
        while (true) {
            int c = read();
            if (c == -1) {
                throw new InvalidInputException(name + ": the quoted field that starts at line " + openLine
                        + " column " + openColumn + " is never closed (a missing '\"')");
            }
            if (c == '"') {
                if (peek() == '"') {
                    read();
                    field.append('"');
                    continue;
                }
                int after = peek();
                if (after != ',' && after != '\r' && after != '\n' && after != -1) {
                    throw new InvalidInputException(name + " line " + line + " column " + (column + 1)
                            + ": unexpected '" + (char) after + "' after the closing quote of a field"
                            + " (a quote inside a quoted field must be doubled)");
                }
                return;
            }
            field.append((char) c);
        }
    }

    private int peek() {
        if (lookahead == -2) {
            lookahead = rawRead();
        }
        return lookahead;
    }

    private int read() {
        int c = peek();
        lookahead = -2;
        if (c == '\n' || (c == '\r' && peek() != '\n')) {
            line++;
            column = 0;
        } else if (c != -1) {
            column++;
        }
        return c;
    }

    private int rawRead() {
        try {
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " at line " + line + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing useful to do: we only read
        }
    }
}
