package org.omnireward.data.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.DataFormats;
import org.omnireward.data.read.JsonRecordReader;
import org.omnireward.data.read.SharegptRanking;

/**
 * Finds which benchmark layout a folder holds and the files of each task. Task folders and file
 * names are matched case-insensitively, by long name ({@code text_to_3D}) or short id ({@code t23d}).
 */
final class LayoutDetector {

    /** File name of LLaMA-Factory's dataset declarations. */
    static final String DATASET_INFO = "dataset_info.json";

    private static final String NAMES = "<long_name> = a task long name such as text_to_image or text_to_3D, in any"
            + " case; <task> = a long name or a task id such as t2i";

    /** What was found. */
    record Layout(BenchmarkFormat format, Map<Task, List<InputFile>> files, List<SkippedInput> skipped) {}

    private LayoutDetector() {}

    /** What each layout is recognised by, for messages. */
    static String patterns(BenchmarkFormat f) {
        return switch (f) {
            case HF_PARQUET ->
                "hf: <task>/**.parquet, data/<task>/**.parquet, <task>-*.parquet or data/<task>-*.parquet";
            case JSON -> "json: <long_name>_preferences.json, <long_name>.json or <long_name>.jsonl";
            case LLAMA_FACTORY -> "llamafactory: " + DATASET_INFO;
            case UNIFIED -> "unified: one unified preference JSONL file given as --data FILE.jsonl";
        };
    }

    static Layout detect(Path data, LoadOptions opts) {
        if (!Files.exists(data)) {
            throw new InvalidInputException("benchmark folder " + data + " does not exist");
        }
        if (!Files.isDirectory(data)) {
            throw new InvalidInputException(
                    "benchmark path " + data + " is not a folder; give the folder that holds" + " the task files");
        }
        if (opts.format().isPresent()) {
            BenchmarkFormat f = opts.format().get();
            if (!present(data, f)) {
                throw new InvalidInputException("no " + f + " benchmark in " + data + ": looked for " + patterns(f)
                        + " (" + NAMES + "); "
                        + contents(data));
            }
            return scan(data, f, opts);
        }
        List<BenchmarkFormat> found = layoutsIn(data);
        if (found.isEmpty()) {
            StringBuilder sb = new StringBuilder("no benchmark found in " + data + ". Looked for:");
            for (BenchmarkFormat f : BenchmarkFormat.values()) {
                sb.append("\n  ").append(patterns(f));
            }
            sb.append("\n  (").append(NAMES).append(")");
            sb.append("\n").append(contents(data));
            DataFormats.trainingDataHint(data).ifPresent(h -> sb.append("\n").append(h));
            throw new InvalidInputException(sb.toString());
        }
        if (found.size() > 1) {
            throw new InvalidInputException("benchmark folder " + data + " holds more than one layout ("
                    + found.stream().map(BenchmarkFormat::cliName).collect(Collectors.joining(", "))
                    + "); pass --format to say which to read");
        }
        return scan(data, found.get(0), opts);
    }

    /** The layouts present in {@code data} (a folder), without reading any record. */
    static List<BenchmarkFormat> layoutsIn(Path data) {
        List<BenchmarkFormat> found = new ArrayList<>();
        if (Files.isDirectory(data)) {
            for (BenchmarkFormat f : BenchmarkFormat.values()) {
                if (present(data, f)) {
                    found.add(f);
                }
            }
        }
        return found;
    }

    private static boolean present(Path data, BenchmarkFormat f) {
        return switch (f) {
            case HF_PARQUET -> !parquetFiles(data).isEmpty();
            case JSON -> !jsonFiles(data).isEmpty();
            case LLAMA_FACTORY -> Files.isRegularFile(data.resolve(DATASET_INFO));
            case UNIFIED -> false; // a file, not a folder: BenchmarkLoader opens it directly
        };
    }

    private static Layout scan(Path data, BenchmarkFormat f, LoadOptions opts) {
        if (f == BenchmarkFormat.LLAMA_FACTORY) {
            return llamaFactory(data, opts);
        }
        Map<Task, List<Path>> byTask = f == BenchmarkFormat.HF_PARQUET ? parquetFiles(data) : jsonFiles(data);
        if (opts.task().isPresent()) {
            Task t = opts.task().get();
            if (!byTask.containsKey(t)) {
                throw new InvalidInputException("task " + t.id() + " (" + t.longName() + ") has no files in " + data
                        + "; the " + f + " layout there has: "
                        + byTask.keySet().stream()
                                .map(x -> x.id() + " (" + x.longName() + ")")
                                .collect(Collectors.joining(", ")));
            }
            byTask.keySet().retainAll(Set.of(t));
        }
        Map<Task, List<InputFile>> files = new EnumMap<>(Task.class);
        byTask.forEach((task, paths) -> files.put(
                task,
                paths.stream()
                        .sorted(Comparator.comparing(p -> data.relativize(p).toString()))
                        .map(p -> new InputFile(
                                p,
                                f == BenchmarkFormat.HF_PARQUET ? InputFile.Kind.PARQUET : InputFile.jsonKindOf(p),
                                null))
                        .toList()));
        return new Layout(f, files, List.of());
    }

    /** Parquet files by task: task folders (also under data/) and {@code <task>-*.parquet} files. */
    static Map<Task, List<Path>> parquetFiles(Path data) {
        Map<Task, List<Path>> out = new EnumMap<>(Task.class);
        for (Path base : List.of(data, data.resolve("data"))) {
            if (!Files.isDirectory(base)) {
                continue;
            }
            for (Path child : list(base)) {
                String name = child.getFileName().toString();
                if (Files.isDirectory(child)) {
                    Optional<Task> t = Task.lookup(name);
                    if (t.isPresent()) {
                        try (Stream<Path> walk = Files.walk(child, 4)) {
                            walk.filter(p -> Files.isRegularFile(p) && isParquet(p))
                                    .forEach(p -> out.computeIfAbsent(t.get(), k -> new ArrayList<>())
                                            .add(p));
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot list " + child, e);
                        }
                    }
                } else if (Files.isRegularFile(child) && isParquet(child)) {
                    String stem = name.substring(0, name.length() - ".parquet".length());
                    int dash = stem.indexOf('-');
                    Task.lookup(dash >= 0 ? stem.substring(0, dash) : stem)
                            .ifPresent(t -> out.computeIfAbsent(t, k -> new ArrayList<>())
                                    .add(child));
                }
            }
        }
        return out;
    }

    private static boolean isParquet(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    /**
     * JSON files by task: {@code <long_name>_preferences.json}, {@code <long_name>.json},
     * {@code <long_name>.jsonl}, leaving out files a {@code dataset_info.json} declares.
     */
    static Map<Task, List<Path>> jsonFiles(Path data) {
        Map<Task, List<Path>> out = new EnumMap<>(Task.class);
        Set<Path> declared = declaredByDatasetInfo(data);
        for (Path child : list(data)) {
            if (!Files.isRegularFile(child)) {
                continue;
            }
            String lower = child.getFileName().toString().toLowerCase(Locale.ROOT);
            String stem;
            if (lower.endsWith(".jsonl")) {
                stem = lower.substring(0, lower.length() - 6);
            } else if (lower.endsWith(".json")) {
                stem = lower.substring(0, lower.length() - 5);
            } else {
                continue;
            }
            if (stem.endsWith("_preferences")) {
                stem = stem.substring(0, stem.length() - "_preferences".length());
            }
            if (declared.contains(child.toAbsolutePath().normalize())) {
                continue;
            }
            byLongName(stem)
                    .ifPresent(
                            t -> out.computeIfAbsent(t, k -> new ArrayList<>()).add(child));
        }
        return out;
    }

    /** A task by its long name only (JSON files are named that way; short ids are too easily other files). */
    private static Optional<Task> byLongName(String name) {
        for (Task t : Task.values()) {
            if (t.longName().equalsIgnoreCase(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The files a dataset_info.json beside the data declares (so they are not taken for the JSON layout). */
    private static Set<Path> declaredByDatasetInfo(Path data) {
        Path info = data.resolve(DATASET_INFO);
        Set<Path> out = new HashSet<>();
        if (!Files.isRegularFile(info)) {
            return out;
        }
        try {
            JsonNode root = Json.mapper().readTree(info.toFile());
            if (root != null) {
                root.forEach(e -> {
                    if (e.path("file_name").isTextual()) {
                        out.add(data.resolve(e.path("file_name").asText())
                                .toAbsolutePath()
                                .normalize());
                    }
                });
            }
        } catch (IOException e) {
            // a broken dataset_info.json is reported when that layout is read
        }
        return out;
    }

    private static Layout llamaFactory(Path data, LoadOptions opts) {
        Path info = data.resolve(DATASET_INFO);
        JsonNode root = datasetInfo(info);
        Map<Task, List<InputFile>> files = new EnumMap<>(Task.class);
        List<SkippedInput> skipped = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode node = e.getValue();
            EntryCheck check = checkEntry(data, name, node, opts);
            List<Path> entryFiles = check.files();
            if (check.problem() != null) {
                skipped.add(new SkippedInput(name, entryFiles.size() == 1 ? entryFiles.get(0) : info, check.problem()));
                continue;
            }
            LlamaFactoryEntry entry = new LlamaFactoryEntry(
                    name, check.task(), entryFiles, columns(node.path("columns")), tags(node.path("tags")));
            for (Path p : entryFiles) {
                files.computeIfAbsent(check.task(), k -> new ArrayList<>())
                        .add(new InputFile(p, InputFile.jsonKindOf(p), entry));
            }
        }
        files.replaceAll((t, l) -> l.stream()
                .sorted(Comparator.comparing(
                                (InputFile f) -> f.file().getFileName().toString())
                        .thenComparing(f -> f.entry().name()))
                .toList());
        return new Layout(BenchmarkFormat.LLAMA_FACTORY, files, List.copyOf(skipped));
    }

    /** The JSON object of {@code dataset_info.json}; malformed JSON or another value is an error naming the file. */
    private static JsonNode datasetInfo(Path info) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(info.toFile());
        } catch (JsonProcessingException e) {
            String pos = JsonRecordReader.position(e);
            throw new InvalidInputException(
                    "bad JSON in " + info + (pos.isEmpty() ? "" : " at " + pos) + ": " + JsonRecordReader.message(e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + info, e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(info + " must hold a JSON object mapping entry names to entries, found "
                    + JsonRecordReader.typeName(root));
        }
        return root;
    }

    /**
     * What one {@code dataset_info.json} entry gives.
     *
     * @param task its task; null when it has a problem
     * @param files its data files (those found, also when it has a problem)
     * @param problem why it is skipped; null when it is read
     */
    private record EntryCheck(Task task, List<Path> files, String problem) {}

    private static EntryCheck checkEntry(Path data, String name, JsonNode node, LoadOptions opts) {
        String problem = formatProblem(node);
        if (problem != null) {
            return new EntryCheck(null, List.of(), problem);
        }
        Path target = data.resolve(node.path("file_name").asText());
        boolean exists = Files.exists(target);
        List<Path> files = exists ? entryFiles(target) : List.of();
        Optional<Task> task = taskFromEntryName(name).or(opts::task);
        if (!exists) {
            problem = "file not found: " + target;
        } else if (files.isEmpty()) {
            problem = "folder " + target + " holds no .json or .jsonl files";
        } else if (task.isEmpty()) {
            problem = "the entry name does not name a task (a task id or long name such as t2i or"
                    + " text_to_image as a word in it, e.g. omni_t2i); pass --task to say which task its"
                    + " records belong to";
        }
        return new EntryCheck(task.orElse(null), files, problem);
    }

    /** Why an entry is not a local sharegpt ranking entry; null when it is one. */
    private static String formatProblem(JsonNode node) {
        if (!node.isObject()) {
            return "the entry is " + JsonRecordReader.typeName(node) + ", expected an object";
        }
        if (!node.path("ranking").asBoolean(false)) {
            return "not a ranking entry (\"ranking\": true is required for chosen/rejected pairs)";
        }
        if (!"sharegpt".equals(node.path("formatting").asText("alpaca"))) {
            return "formatting '" + node.path("formatting").asText("alpaca")
                    + "' is not supported; expected \"formatting\": \"sharegpt\"";
        }
        if (!node.path("file_name").isTextual()
                || node.path("file_name").asText().isBlank()) {
            return "no \"file_name\" (only local files are supported, not hub datasets)";
        }
        return null;
    }

    /** An entry's files: the file it names, or the {@code .json}/{@code .jsonl} files of the folder it names. */
    private static List<Path> entryFiles(Path target) {
        if (!Files.isDirectory(target)) {
            return List.of(target);
        }
        return list(target).stream()
                .filter(p -> Files.isRegularFile(p)
                        && p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.jsonl?"))
                .toList();
    }

    /**
     * The task an entry name names: a task id as a word ({@code omni_t2i}) or a long name bounded by
     * non-letters ({@code omni_text_to_image}), case-insensitively. Empty when none or several.
     */
    static Optional<Task> taskFromEntryName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        Set<Task> hits = new LinkedHashSet<>();
        for (String token : lower.split("[^a-z0-9]+")) {
            for (Task t : Task.values()) {
                if (t.id().equals(token)) {
                    hits.add(t);
                }
            }
        }
        for (Task t : Task.values()) {
            String ln = t.longName().toLowerCase(Locale.ROOT);
            int from = 0;
            int i;
            while ((i = lower.indexOf(ln, from)) >= 0) {
                int end = i + ln.length();
                boolean startOk = i == 0 || !Character.isLetterOrDigit(lower.charAt(i - 1));
                boolean endOk = end == lower.length() || !Character.isLetterOrDigit(lower.charAt(end));
                if (startOk && endOk) {
                    hits.add(t);
                }
                from = i + 1;
            }
        }
        return hits.size() == 1 ? Optional.of(hits.iterator().next()) : Optional.empty();
    }

    private static SharegptRanking.Columns columns(JsonNode c) {
        SharegptRanking.Columns d = SharegptRanking.Columns.defaults();
        return new SharegptRanking.Columns(
                text(c, "messages", d.messages()),
                text(c, "chosen", d.chosen()),
                text(c, "rejected", d.rejected()),
                text(c, "system", d.system()),
                text(c, "images", d.images()),
                text(c, "videos", d.videos()),
                text(c, "audios", d.audios()));
    }

    private static SharegptRanking.Tags tags(JsonNode t) {
        SharegptRanking.Tags d = SharegptRanking.Tags.defaults();
        return new SharegptRanking.Tags(
                text(t, "role_tag", d.role()),
                text(t, "content_tag", d.content()),
                text(t, "user_tag", d.user()),
                text(t, "assistant_tag", d.assistant()),
                text(t, "system_tag", d.system()));
    }

    private static String text(JsonNode obj, String key, String dflt) {
        JsonNode v = obj.path(key);
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : dflt;
    }

    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    /** "the folder contains: a, b/, ... (N entries)" for messages. */
    static String contents(Path dir) {
        List<Path> all = list(dir);
        if (all.isEmpty()) {
            return "the folder is empty";
        }
        int shown = Math.min(all.size(), 10);
        String names = all.subList(0, shown).stream()
                .map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : ""))
                .collect(Collectors.joining(", "));
        return "the folder contains: " + names + (all.size() > shown ? ", ..." : "") + " (" + all.size()
                + (all.size() == 1 ? " entry)" : " entries)");
    }
}
