package org.omnireward.data.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;

/**
 * What {@code bench validate} found in a benchmark: per task the records, valid samples, ties,
 * invalid records, valid samples with an empty text response, and referenced media (available or
 * missing), the first invalid records with their reasons, and the inputs that belong to no task. Built by streaming every record once, so memory
 * stays flat; renders as a terminal table or as JSON.
 *
 * @param dataDir the benchmark folder
 * @param format the layout read
 * @param mediaRoot where relative media paths were resolved
 * @param tasks one line per task, in task order
 * @param invalidRecords the first {@code maxListed} invalid records over all tasks, in task then file order
 * @param maxListed how many invalid records are listed at most (all are counted)
 * @param skipped inputs that belong to no task (see {@link BenchmarkSource#skipped()})
 */
public record ValidationReport(
        Path dataDir,
        BenchmarkFormat format,
        Path mediaRoot,
        List<TaskSummary> tasks,
        List<InvalidRecord> invalidRecords,
        int maxListed,
        List<SkippedInput> skipped) {

    /**
     * Counts for one task.
     *
     * @param ties valid samples labelled tie
     * @param mediaAvailable media references that resolve to embedded bytes or an existing file
     * @param mediaMissing media references whose file is missing or lies outside the media root
     * @param emptyResponses valid samples with an empty (or blank) text response1 or response2: valid
     *     (a model may answer nothing) and counted in the accuracy, but worth a look
     */
    public record TaskSummary(
            Task task,
            int files,
            long records,
            long valid,
            long ties,
            long invalid,
            long mediaAvailable,
            long mediaMissing,
            long emptyResponses) {}

    /** One invalid record: where it is, its id (or {@code <file name>#<record>}) and why. */
    public record InvalidRecord(Task task, Path file, long record, String id, String reason) {}

    /** Counts over all tasks (the {@code task} is null). */
    public TaskSummary totals() {
        long records = 0;
        long valid = 0;
        long ties = 0;
        long invalid = 0;
        long available = 0;
        long missing = 0;
        long empty = 0;
        int files = 0;
        for (TaskSummary t : tasks) {
            files += t.files();
            records += t.records();
            valid += t.valid();
            ties += t.ties();
            invalid += t.invalid();
            available += t.mediaAvailable();
            missing += t.mediaMissing();
            empty += t.emptyResponses();
        }
        return new TaskSummary(null, files, records, valid, ties, invalid, available, missing, empty);
    }

    /** True when every record is a valid sample and nothing was skipped. */
    public boolean allValid() {
        return totals().invalid() == 0 && skipped.isEmpty();
    }

    /**
     * Streams every record of {@code source} and counts. Media are counted exactly for sources made
     * by {@link BenchmarkLoader}; for other sources only the media of valid samples are counted.
     *
     * @param maxListed how many invalid records to keep for listing (all are counted)
     */
    public static ValidationReport of(BenchmarkSource source, int maxListed) {
        if (maxListed < 0) {
            throw new IllegalArgumentException("maxListed must be >= 0");
        }
        List<TaskSummary> summaries = new ArrayList<>();
        List<InvalidRecord> listed = new ArrayList<>();
        for (Task task : source.tasks()) {
            long[] media = new long[2];
            MediaObserver observer = available -> media[available ? 0 : 1]++;
            boolean exact = source instanceof FileBenchmarkSource;
            long records = 0;
            long valid = 0;
            long ties = 0;
            long invalid = 0;
            long empty = 0;
            try (Stream<LoadedEntry> s =
                    exact ? ((FileBenchmarkSource) source).entries(task, observer) : source.entries(task)) {
                for (LoadedEntry e : (Iterable<LoadedEntry>) s::iterator) {
                    records++;
                    if (e instanceof LoadedEntry.Valid v) {
                        valid++;
                        if (v.sample().label().orElse(null) == Preference.TIE) {
                            ties++;
                        }
                        if (hasEmptyResponse(v.sample())) {
                            empty++;
                        }
                        if (!exact) {
                            countMedia(v.sample(), observer);
                        }
                    } else if (e instanceof LoadedEntry.Invalid inv) {
                        invalid++;
                        if (listed.size() < maxListed) {
                            listed.add(new InvalidRecord(
                                    task, inv.origin().file(), inv.origin().record(), inv.id(), inv.reason()));
                        }
                    }
                }
            }
            summaries.add(new TaskSummary(
                    task, source.files(task).size(), records, valid, ties, invalid, media[0], media[1], empty));
        }
        return new ValidationReport(
                source.dataDir(),
                source.format(),
                source.mediaRoot(),
                List.copyOf(summaries),
                List.copyOf(listed),
                maxListed,
                source.skipped());
    }

    /** True when response1 or response2 is a text response that is empty or blank. */
    static boolean hasEmptyResponse(PreferenceSample s) {
        return Stream.of(s.response1(), s.response2())
                .anyMatch(r -> r.text().map(String::isBlank).orElse(false));
    }

    private static void countMedia(PreferenceSample s, MediaObserver observer) {
        List<MediaRef> refs = new ArrayList<>(s.inputs());
        Stream.of(s.response1(), s.response2())
                .map(Response::media)
                .flatMap(Optional::stream)
                .forEach(refs::add);
        refs.forEach(m -> observer.media(m.exists()));
    }

    /** The report as a fixed-width table with the invalid records and skipped inputs below it. */
    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("Benchmark:  ").append(dataDir).append('\n');
        sb.append("Format:     ").append(format.cliName()).append('\n');
        sb.append("Media root: ").append(mediaRoot).append('\n').append('\n');
        TaskSummary all = totals();
        appendCounts(sb, all);
        appendEmptyResponses(sb, all);
        appendInvalidRecords(sb, all);
        appendSkipped(sb);
        sb.append('\n')
                .append(
                        allValid()
                                ? "All " + all.records() + " records are valid."
                                : all.invalid() + " of " + all.records() + " records are invalid"
                                        + (skipped.isEmpty() ? "" : "; " + skipped.size() + " input(s) skipped") + ".")
                .append('\n');
        return sb.toString();
    }

    /** The table of counts: a line per task, then the totals. */
    private void appendCounts(StringBuilder sb, TaskSummary all) {
        String fmt = "%-6s %-20s %5s %8s %8s %6s %8s %11s %13s%n";
        sb.append(String.format(
                fmt, "task", "name", "files", "records", "valid", "ties", "invalid", "media ok", "media missing"));
        for (TaskSummary t : tasks) {
            sb.append(countsLine(fmt, t.task().id(), t.task().longName(), t));
        }
        sb.append(countsLine(fmt, "total", "", all));
    }

    private static String countsLine(String fmt, String task, String name, TaskSummary t) {
        return String.format(
                fmt,
                task,
                name,
                t.files(),
                t.records(),
                t.valid(),
                t.ties(),
                t.invalid(),
                t.mediaAvailable(),
                t.mediaMissing());
    }

    /** The warning about valid samples with an empty text response, when there are some. */
    private void appendEmptyResponses(StringBuilder sb, TaskSummary all) {
        if (all.emptyResponses() == 0) {
            return;
        }
        sb.append('\n')
                .append("Warning: ")
                .append(all.emptyResponses())
                .append(all.emptyResponses() == 1 ? " valid sample has" : " valid samples have")
                .append(" an empty text response (")
                .append(tasks.stream()
                        .filter(t -> t.emptyResponses() > 0)
                        .map(t -> t.task().id() + " " + t.emptyResponses())
                        .collect(Collectors.joining(", ")))
                .append("); an empty answer is a valid response, so they are kept and count in the accuracy.\n");
    }

    /** The invalid records listed, with how many more there are. */
    private void appendInvalidRecords(StringBuilder sb, TaskSummary all) {
        if (all.invalid() == 0) {
            return;
        }
        sb.append('\n').append("Invalid records");
        if (all.invalid() > invalidRecords.size()) {
            sb.append(" (first ")
                    .append(invalidRecords.size())
                    .append(" of ")
                    .append(all.invalid())
                    .append("; raise --max-errors to list more)");
        }
        sb.append(":\n");
        for (InvalidRecord r : invalidRecords) {
            sb.append("  ")
                    .append(r.task().id())
                    .append("  ")
                    .append(r.file().getFileName())
                    .append(" record ")
                    .append(r.record())
                    .append("  id ")
                    .append(r.id())
                    .append(": ")
                    .append(r.reason())
                    .append('\n');
        }
    }

    private void appendSkipped(StringBuilder sb) {
        if (skipped.isEmpty()) {
            return;
        }
        sb.append('\n').append("Skipped inputs (no records read):\n");
        for (SkippedInput s : skipped) {
            sb.append("  ")
                    .append(s.name())
                    .append(" (")
                    .append(s.file().getFileName())
                    .append("): ")
                    .append(s.reason())
                    .append('\n');
        }
    }

    /** The report as pretty-printed JSON (snake_case keys, like the result files). */
    public String toJson() {
        Map<String, Counts> byTask = new LinkedHashMap<>();
        for (TaskSummary t : tasks) {
            byTask.put(t.task().id(), Counts.of(t));
        }
        TaskSummary all = totals();
        JsonFile file = new JsonFile(
                dataDir.toString(),
                format.cliName(),
                mediaRoot.toString(),
                allValid(),
                byTask,
                Counts.of(all),
                invalidRecords.stream()
                        .map(r -> new JsonFile.Invalid(
                                r.task().id(), r.file().toString(), r.record(), r.id(), r.reason()))
                        .toList(),
                all.invalid() - invalidRecords.size(),
                skipped.stream()
                        .map(s -> new JsonFile.Skipped(s.name(), s.file().toString(), s.reason()))
                        .toList());
        try {
            return Json.pretty().writeValueAsString(file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the validation report as JSON", e);
        }
    }

    /** The JSON of {@link #toJson()}; the field order is the key order. */
    private record JsonFile(
            String data,
            String format,
            @JsonProperty("media_root") String mediaRoot,
            boolean valid,
            Map<String, Counts> tasks,
            Counts totals,
            @JsonProperty("invalid_records") List<Invalid> invalidRecords,
            @JsonProperty("invalid_records_not_listed") long invalidRecordsNotListed,
            List<Skipped> skipped) {

        record Invalid(String task, String file, long record, String id, String reason) {}

        record Skipped(String name, String file, String reason) {}
    }

    /** The counts of a task ({@code name} is its long name) or of all tasks (no name). */
    private record Counts(
            @JsonInclude(JsonInclude.Include.NON_NULL) String name,
            int files,
            long records,
            long valid,
            long ties,
            long invalid,
            @JsonProperty("media_available") long mediaAvailable,
            @JsonProperty("media_missing") long mediaMissing,
            @JsonProperty("empty_responses") long emptyResponses) {

        static Counts of(TaskSummary t) {
            return new Counts(
                    t.task() == null ? null : t.task().longName(),
                    t.files(),
                    t.records(),
                    t.valid(),
                    t.ties(),
                    t.invalid(),
                    t.mediaAvailable(),
                    t.mediaMissing(),
                    t.emptyResponses());
        }
    }
}
