package org.omnireward.data.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Modality;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.data.MediaStore;
import org.omnireward.data.RecordSink;
import org.omnireward.data.SkipReason;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.SkippedRecordFile;
import org.omnireward.data.UnifiedJsonlReader;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.read.MediaPlaceholders;

/**
 * {@code data export}: unified JSONL (a file, or every {@code *.jsonl} of a folder such as a
 * {@code data mix} output) to the files GPU trainers read, streamed record by record, <b>one file per
 * task and input file</b> ({@code <prefix>_<task>_<input stem>}), so every row of a file carries the same
 * columns and a trainer's template for that modality reads the whole file. Media are stored under
 * {@code OUT/media} ({@link MediaStore}) and referred to by paths relative to {@code OUT}.
 *
 * <p>A record a target cannot express (see {@link LlamaFactoryFormat}, {@link TrlFormat},
 * {@link EasyR1Format}) is refused before its media are copied, counted per reason and listed in
 * {@code OUT/export.skipped.jsonl} with the records the reader could not use (benchmark records marked
 * {@code split: test} among them). An export that would write no record fails and leaves nothing behind:
 * no data file, no registry entry, no media. Formats: docs/data-tooling.md.
 */
public final class DataExport {

    /** The name of LLaMA-Factory's dataset registry file. */
    public static final String DATASET_INFO = "dataset_info.json";
    /** The list of records not exported, with their reasons. */
    public static final String SKIPPED = "export.skipped.jsonl";
    /** The reward function written with an EasyR1 export. */
    public static final String EASYR1_REWARD = "judge_reward.py";
    /** The prompt template written with an EasyR1 export. */
    public static final String EASYR1_FORMAT = "judge_format.jinja";

    private static final int SHOWN = 20;

    /**
     * One exported file.
     *
     * @param name the dataset name (the {@code dataset_info.json} key for LLaMA-Factory)
     * @param file the file written
     * @param task the task of its rows
     * @param input the input file its rows came from
     * @param records rows written
     * @param mediaColumn the media column its rows carry ({@code images}, {@code videos}, {@code audios}), if any
     */
    public record FileReport(
            String name, Path file, Task task, Path input, long records, Optional<String> mediaColumn) {}

    /**
     * What an export wrote and what it did not.
     *
     * @param target the trainer
     * @param flavor the LLaMA-Factory flavor (null for other targets)
     * @param out the export folder
     * @param files the files written, by input file and task
     * @param read records read from the input (exported or refused, not counting unreadable lines)
     * @param notExported records not exported (refused or unreadable), per reason
     * @param firstNotExported the first of them
     * @param skippedList the full list ({@value #SKIPPED}), or null when every record was exported
     * @param mergedTurns rows whose consecutive turns of one role were merged into one turn
     * @param escapedPlaceholders rows in which a literal media placeholder was escaped
     * @param mediaWritten media files copied into {@code OUT/media}
     * @param sideFiles other files written (EasyR1's reward function and prompt template)
     */
    public record Report(
            ExportTarget target,
            LlamaFactoryFlavor flavor,
            Path out,
            List<FileReport> files,
            long read,
            Map<SkipReason, Long> notExported,
            List<SkippedRecord> firstNotExported,
            Path skippedList,
            long mergedTurns,
            long escapedPlaceholders,
            long mediaWritten,
            List<Path> sideFiles) {

        /** Rows written. */
        public long records() {
            return files.stream().mapToLong(FileReport::records).sum();
        }

        /** Records not exported. */
        public long skipped() {
            return notExported.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private DataExport() {}

    /**
     * The unified JSONL files of {@code in}: the file itself; for a {@code data mix} folder (it has
     * {@code manifest.json}) its {@code train.jsonl} and {@code valid.jsonl}; for another folder its
     * {@code *.jsonl} files except skipped-record lists and synthesis audits.
     */
    public static List<Path> inputs(Path in) {
        if (!Files.exists(in)) {
            throw new InvalidInputException("input not found: " + in);
        }
        if (!Files.isDirectory(in)) {
            return List.of(in);
        }
        if (Files.isRegularFile(in.resolve("manifest.json"))) {
            return Stream.of("train.jsonl", "valid.jsonl")
                    .map(in::resolve)
                    .filter(Files::isRegularFile)
                    .toList();
        }
        try (Stream<Path> s = Files.list(in)) {
            List<Path> files = s.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".jsonl")
                                && !n.startsWith(".")
                                && !n.endsWith("skipped.jsonl")
                                && !n.endsWith(".audit.jsonl")
                                && Files.isRegularFile(p);
                    })
                    .sorted()
                    .toList();
            if (files.isEmpty()) {
                throw new InvalidInputException(
                        in + " holds no .jsonl file; expected unified JSONL (data convert," + " data mix output)");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + in + ": " + e.getMessage(), e);
        }
    }

    /** {@link #export(ExportTarget, LlamaFactoryFlavor, Path, Path, String, long, ProgressDisplay)} for upstream LLaMA-Factory. */
    public static Report export(
            ExportTarget target, Path in, Path out, String prefix, long seed, ProgressDisplay progress) {
        return export(target, LlamaFactoryFlavor.UPSTREAM, in, out, prefix, seed, progress);
    }

    /**
     * Exports {@code in} into folder {@code out}.
     *
     * @param flavor which LLaMA-Factory reads the files (ignored for other targets)
     * @param prefix dataset names are {@code <prefix>_<task>_<input stem>}
     * @param seed decides, per pair, which response is A in EasyR1 problems
     * @throws InvalidInputException when no record can be exported (nothing is written then)
     */
    public static Report export(
            ExportTarget target,
            LlamaFactoryFlavor flavor,
            Path in,
            Path out,
            String prefix,
            long seed,
            ProgressDisplay progress) {
        RecordFormat format = switch (target) {
            case LLAMAFACTORY -> new LlamaFactoryFormat(flavor);
            case TRL -> new TrlFormat();
            case EASYR1 -> new EasyR1Format(seed);
        };
        List<Path> inputs = inputs(in);
        Path outAbs = out.toAbsolutePath().normalize();
        boolean created = !Files.exists(outAbs);
        try {
            Files.createDirectories(outAbs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
        }
        Run run = new Run(format, outAbs, prefix, progress);
        boolean done = false;
        try {
            for (Path file : inputs) {
                run.read(file);
            }
            run.closeFiles();
            if (run.written == 0) {
                throw new InvalidInputException(nothingMessage(target, flavor, inputs, run));
            }
            List<FileReport> files = run.commitFiles();
            if (target == ExportTarget.LLAMAFACTORY) {
                writeDatasetInfo(outAbs, files, format);
            }
            List<Path> side = target == ExportTarget.EASYR1 ? writeEasyR1Files(outAbs) : List.of();
            Path skippedList = run.skips.commit();
            if (progress != null) {
                progress.finish(run.written, -1, "records", run.extra());
            }
            done = true;
            return new Report(
                    target,
                    target == ExportTarget.LLAMAFACTORY ? flavor : null,
                    outAbs,
                    files,
                    run.read,
                    Collections.unmodifiableMap(run.notExported),
                    List.copyOf(run.first),
                    skippedList,
                    run.merged,
                    run.escaped,
                    run.media.written(),
                    side);
        } finally {
            if (!done) {
                run.discard();
                if (created) {
                    deleteIfEmpty(outAbs);
                }
            }
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // best effort: the export has failed already and says why
        }
    }

    private static String nothingMessage(ExportTarget target, LlamaFactoryFlavor flavor, List<Path> inputs, Run run) {
        String files = inputs.stream().map(Path::toString).collect(Collectors.joining(", "));
        if (run.read == 0 && run.notExported.isEmpty()) {
            return "nothing to export: " + files + " hold" + (inputs.size() == 1 ? "s" : "") + " no records";
        }
        String reasons = run.notExported.entrySet().stream()
                .map(e -> e.getKey().key() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        String first = run.first.isEmpty() ? "" : "; first: " + run.first.get(0);
        String hint = run.read == 0
                ? " (is the input unified JSONL, as data convert and data mix write it?)"
                : target == ExportTarget.LLAMAFACTORY
                                && flavor == LlamaFactoryFlavor.UPSTREAM
                                && run.notExported.containsKey(SkipReason.MEDIA_RESPONSES)
                        ? " (pairs of media responses need --flavor omnireward-factory)"
                        : "";
        return "nothing to export to " + target.id() + ": no record of " + files + " can be written (" + reasons + ")"
                + hint + first;
    }

    /** One export in progress: the open files, the counts, the media copied. */
    private static final class Run implements RecordSink {
        final RecordFormat format;
        final Path out;
        final String prefix;
        final ProgressDisplay progress;
        final MediaStore media;
        final SkippedRecordFile skips;
        final Map<String, OpenFile> files = new LinkedHashMap<>();
        final EnumMap<SkipReason, Long> notExported = new EnumMap<>(SkipReason.class);
        final List<SkippedRecord> first = new ArrayList<>();
        Path input;
        String stem;
        long read;
        long written;
        long merged;
        long escaped;

        Run(RecordFormat format, Path out, String prefix, ProgressDisplay progress) {
            this.format = format;
            this.out = out;
            this.prefix = prefix;
            this.progress = progress;
            this.media = new MediaStore(out, out.resolve("media"));
            this.skips = new SkippedRecordFile(out.resolve(SKIPPED));
        }

        void read(Path file) {
            input = file;
            stem = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
            new UnifiedJsonlReader(file).read(this);
        }

        @Override
        public void record(UnifiedRecord r) {
            read++;
            RecordFormat.Refusal refusal = format.refusal(r);
            if (refusal != null) {
                skipped(new SkippedRecord(input.toString(), r.pair().id(), "", refusal.reason(), refusal.detail()));
                return;
            }
            RecordFormat.Row row = format.write(media.place(r));
            Task task = r.pair().task();
            String name = prefix + "_" + task.id() + "_" + stem;
            files.computeIfAbsent(
                            name,
                            n -> new OpenFile(
                                    n,
                                    out.resolve(n + (format.jsonArray() ? ".json" : ".jsonl")),
                                    task,
                                    input,
                                    format.jsonArray()))
                    .write(row.json());
            written++;
            merged += row.merged() ? 1 : 0;
            escaped += row.escaped() ? 1 : 0;
            if (progress != null && (written & 1023) == 0) {
                progress.update(written, -1, "records", extra());
            }
        }

        @Override
        public void skipped(SkippedRecord record) {
            notExported.merge(record.reason(), 1L, Long::sum);
            if (first.size() < SHOWN) {
                first.add(record);
            }
            skips.write(record);
        }

        String extra() {
            long s = notExported.values().stream().mapToLong(Long::longValue).sum();
            return s == 0 ? "" : s + " not exported";
        }

        void closeFiles() {
            for (OpenFile f : files.values()) {
                f.close();
            }
        }

        /** Moves the files into place; reports them by input file, then task. */
        List<FileReport> commitFiles() {
            List<FileReport> reports = new ArrayList<>();
            List<Path> order = new ArrayList<>();
            files.values().forEach(f -> {
                if (!order.contains(f.input)) {
                    order.add(f.input);
                }
            });
            List<OpenFile> sorted = new ArrayList<>(files.values());
            sorted.sort(java.util.Comparator.comparingInt((OpenFile f) -> order.indexOf(f.input))
                    .thenComparing(f -> f.task));
            for (OpenFile f : sorted) {
                f.commit();
                reports.add(new FileReport(f.name, f.file, f.task, f.input, f.records, format.mediaColumn(f.task)));
            }
            return reports;
        }

        /** After a failure: removes the unfinished files and the media this export copied. */
        void discard() {
            for (OpenFile f : files.values()) {
                f.discard();
            }
            skips.close();
            media.rollback();
        }
    }

    /** One output file being written beside its final name. */
    private static final class OpenFile {
        final String name;
        final Path file;
        final Path part;
        final Task task;
        final Path input;
        final boolean array;
        final OutputStream os;
        final JsonGenerator g;
        long records;
        boolean closed;

        OpenFile(String name, Path file, Task task, Path input, boolean array) {
            this.name = name;
            this.file = file;
            this.part = file.resolveSibling("." + file.getFileName() + ".part");
            this.task = task;
            this.input = input;
            this.array = array;
            try {
                os = Files.newOutputStream(part);
                g = Json.mapper().getFactory().createGenerator(os);
                if (array) {
                    g.writeStartArray();
                    g.writeRaw('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + part + ": " + e.getMessage(), e);
            }
        }

        void write(ObjectNode row) {
            try {
                Json.mapper().writeTree(g, row);
                g.writeRaw('\n');
                records++;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (OutputStream o = os;
                    JsonGenerator gen = g) {
                if (array) {
                    gen.writeEndArray();
                    gen.writeRaw('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }

        void commit() {
            try {
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }

        void discard() {
            try {
                closed = true;
                g.close();
                os.close();
            } catch (IOException e) {
                // removed below
            }
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                // best effort
            }
        }
    }

    /**
     * Registers the written files in {@code OUT/dataset_info.json}, keeping other entries: each as
     * sharegpt ranking data with the columns its rows use (the media column only where its task has media).
     */
    private static void writeDatasetInfo(Path out, List<FileReport> files, RecordFormat format) {
        Path info = out.resolve(DATASET_INFO);
        ObjectNode root;
        if (Files.exists(info)) {
            JsonNode existing = Json.readTree(info);
            if (!existing.isObject()) {
                throw new InvalidInputException(
                        info + " exists but is not a JSON object; move it away or export to" + " another folder");
            }
            root = (ObjectNode) existing;
        } else {
            root = Json.mapper().createObjectNode();
        }
        for (FileReport r : files) {
            ObjectNode e = root.putObject(r.name());
            e.put("file_name", r.file().getFileName().toString());
            e.put("formatting", "sharegpt");
            e.put("ranking", true);
            ObjectNode cols = e.putObject("columns");
            cols.put("messages", "conversations");
            cols.put("chosen", "chosen");
            cols.put("rejected", "rejected");
            cols.put("system", "system");
            r.mediaColumn().ifPresent(c -> cols.put(c, c));
            ObjectNode tags = e.putObject("tags");
            tags.put("role_tag", "from");
            tags.put("content_tag", "value");
            tags.put("user_tag", "human");
            tags.put("assistant_tag", "gpt");
            tags.put("system_tag", "system");
        }
        try {
            Path tmp = out.resolve("." + DATASET_INFO + ".part");
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, info, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + info + ": " + e.getMessage(), e);
        }
    }

    /** EasyR1's reward function and prompt template for the judge (resources of this package). */
    private static List<Path> writeEasyR1Files(Path out) {
        List<Path> written = new ArrayList<>();
        for (String name : List.of(EASYR1_REWARD, EASYR1_FORMAT)) {
            Path target = out.resolve(name);
            try (InputStream in = DataExport.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + name + " missing from the jar");
                }
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
            }
            written.add(target);
        }
        return written;
    }

    /** {@code <image>}, {@code <video>} or {@code <audio>}. */
    public static String placeholder(Modality m) {
        return MediaPlaceholders.of(m);
    }
}
