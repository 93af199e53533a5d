package org.omnireward.data.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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
import java.util.stream.Stream;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.core.util.StableHash;
import org.omnireward.data.MediaStore;
import org.omnireward.data.RecordSink;
import org.omnireward.data.SkipReason;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.Transcripts;
import org.omnireward.data.UnifiedJsonlReader;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.read.SharegptRanking.Role;
import org.omnireward.data.read.SharegptRanking.Turn;

/**
 * {@code data export}: unified JSONL (a file, or every {@code *.jsonl} of a folder such as a
 * {@code data mix} output) to the files GPU trainers read, streamed record by record. Media are stored
 * under {@code OUT/media} ({@link MediaStore}) and referred to by paths relative to {@code OUT}.
 * Records marked {@code split: test} (converted benchmark records) are refused, as the training
 * readers refuse them. Formats: docs/data-tooling.md.
 */
public final class DataExport {

    /** The name of LLaMA-Factory's dataset registry file. */
    public static final String DATASET_INFO = "dataset_info.json";

    /**
     * One exported file.
     *
     * @param name the dataset name (the {@code dataset_info.json} key for LLaMA-Factory)
     * @param file the file written
     * @param records records written
     * @param skippedByReason records not exported, per reason
     * @param firstSkips the first few of them
     * @param mediaColumns the media columns the records use ({@code images}, {@code videos}, {@code audios})
     */
    public record FileReport(String name, Path file, long records, Map<SkipReason, Long> skippedByReason,
            List<SkippedRecord> firstSkips, List<String> mediaColumns) {

        public long skipped() {
            return skippedByReason.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** What an export wrote. */
    public record Report(ExportTarget target, Path out, List<FileReport> files, long mediaWritten) {

        public long records() {
            return files.stream().mapToLong(FileReport::records).sum();
        }
    }

    private DataExport() {
    }

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
            return Stream.of("train.jsonl", "valid.jsonl").map(in::resolve).filter(Files::isRegularFile).toList();
        }
        try (Stream<Path> s = Files.list(in)) {
            List<Path> files = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".jsonl") && !n.startsWith(".") && !n.endsWith("skipped.jsonl")
                        && !n.endsWith(".audit.jsonl") && Files.isRegularFile(p);
            }).sorted().toList();
            if (files.isEmpty()) {
                throw new InvalidInputException(in + " holds no .jsonl file; expected unified JSONL (data convert,"
                        + " data mix output)");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + in + ": " + e.getMessage(), e);
        }
    }

    /**
     * Exports {@code in} into folder {@code out}.
     *
     * @param prefix dataset names are {@code <prefix>_<file stem>}
     * @param seed decides, per pair, which response is A in EasyR1 problems
     */
    public static Report export(ExportTarget target, Path in, Path out, String prefix, long seed,
            ProgressDisplay progress) {
        Path outAbs = out.toAbsolutePath().normalize();
        try {
            Files.createDirectories(outAbs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
        }
        MediaStore media = new MediaStore(outAbs, outAbs.resolve("media"));
        List<FileReport> reports = new ArrayList<>();
        long[] done = {0};
        for (Path file : inputs(in)) {
            String stem = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
            String name = prefix + "_" + stem;
            Path target1 = outAbs.resolve(switch (target) {
                case LLAMAFACTORY -> name + ".json";
                case TRL, EASYR1 -> name + ".jsonl";
            });
            reports.add(exportFile(target, file, target1, name, media, seed, progress, done));
        }
        if (target == ExportTarget.LLAMAFACTORY) {
            writeDatasetInfo(outAbs, reports);
        }
        if (progress != null) {
            progress.finish(done[0], -1, "records", "");
        }
        return new Report(target, outAbs, reports, media.written());
    }

    private static FileReport exportFile(ExportTarget target, Path in, Path out, String name, MediaStore media,
            long seed, ProgressDisplay progress, long[] done) {
        Path tmp = out.resolveSibling("." + out.getFileName() + ".part");
        EnumMap<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        List<SkippedRecord> first = new ArrayList<>();
        Map<String, Boolean> used = new LinkedHashMap<>();
        long[] written = {0};
        try (OutputStream os = Files.newOutputStream(tmp);
                JsonGenerator g = Json.mapper().getFactory().createGenerator(os)) {
            boolean array = target == ExportTarget.LLAMAFACTORY;
            if (array) {
                g.writeStartArray();
                g.writeRaw('\n');
            }
            new UnifiedJsonlReader(in).read(new RecordSink() {
                @Override
                public void record(UnifiedRecord r) {
                    UnifiedRecord placed = media.place(r);
                    ObjectNode o;
                    try {
                        o = switch (target) {
                            case LLAMAFACTORY -> llamaFactory(placed.pair(), media, used);
                            case TRL -> trl(placed.pair(), media);
                            case EASYR1 -> easyR1(placed.pair(), media, seed);
                        };
                    } catch (Unsupported u) {
                        skipped(new SkippedRecord(in.toString(), r.pair().id(), "", u.reason, u.getMessage()));
                        return;
                    }
                    try {
                        Json.mapper().writeTree(g, o);
                        g.writeRaw('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
                    }
                    written[0]++;
                    done[0]++;
                    if (progress != null && (done[0] & 1023) == 0) {
                        progress.update(done[0], -1, "records", "");
                    }
                }

                @Override
                public void skipped(SkippedRecord record) {
                    skipped.merge(record.reason(), 1L, Long::sum);
                    if (first.size() < 20) {
                        first.add(record);
                    }
                }
            });
            if (array) {
                g.writeEndArray();
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return new FileReport(name, out, written[0], Collections.unmodifiableMap(skipped), List.copyOf(first),
                List.copyOf(used.keySet()));
    }

    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final SkipReason reason;

        Unsupported(SkipReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    // ---- LLaMA-Factory ----

    /**
     * One sharegpt ranking record: the criterion as {@code system}, the prompt's turns as
     * {@code conversations} (human turns start with one placeholder per input media item), chosen and
     * rejected as gpt turns (a media response is its placeholder), and the media lists holding the input
     * media first, then the chosen and the rejected response's media.
     */
    static ObjectNode llamaFactory(PreferencePair p, MediaStore media, Map<String, Boolean> used) {
        if (p.tie()) {
            throw new Unsupported(SkipReason.UNSUPPORTED, "a tie has no chosen response; ranking data holds decisive"
                    + " pairs only");
        }
        ObjectNode o = Json.mapper().createObjectNode();
        ArrayNode conv = o.putArray("conversations");
        List<Turn> turns = Transcripts.turns(p.prompt());
        String inputTag = p.task().inputMedia().map(DataExport::placeholder).orElse("");
        boolean firstUser = true;
        for (Turn t : turns) {
            ObjectNode turn = conv.addObject();
            turn.put("from", t.role() == Role.USER ? "human" : "gpt");
            String text = t.text();
            if (t.role() == Role.USER && firstUser) {
                text = inputTag.repeat(p.inputs().size()) + text;
                firstUser = false;
            }
            turn.put("value", text);
        }
        o.putObject("chosen").put("from", "gpt").put("value", responseText(p.chosen()));
        o.putObject("rejected").put("from", "gpt").put("value", responseText(p.rejected()));
        o.put("system", p.criteria());
        Map<Modality, List<String>> lists = new EnumMap<>(Modality.class);
        for (MediaRef m : p.inputs()) {
            lists.computeIfAbsent(column(m.modality()), k -> new ArrayList<>()).add(rel(m));
        }
        for (Response r : List.of(p.chosen(), p.rejected())) {
            r.media().ifPresent(m -> lists.computeIfAbsent(column(m.modality()), k -> new ArrayList<>()).add(rel(m)));
        }
        for (Map.Entry<Modality, List<String>> e : lists.entrySet()) {
            String col = columnName(e.getKey());
            ArrayNode a = o.putArray(col);
            e.getValue().forEach(a::add);
            used.put(col, true);
        }
        if (p.task() == Task.T23D) {
            o.put("task", p.task().id());
        }
        return o;
    }

    private static String responseText(Response r) {
        return r.isText() ? r.requireText() : placeholder(column(r.modality()));
    }

    /** 3D renders travel as images. */
    private static Modality column(Modality m) {
        return m == Modality.THREE_D ? Modality.IMAGE : m;
    }

    private static String columnName(Modality m) {
        return switch (m) {
            case IMAGE -> "images";
            case VIDEO -> "videos";
            case AUDIO -> "audios";
            default -> throw new IllegalArgumentException("no media column for " + m);
        };
    }

    /** {@code <image>}, {@code <video>} or {@code <audio>}. */
    public static String placeholder(Modality m) {
        return "<" + column(m).wireName() + ">";
    }

    private static String rel(MediaRef m) {
        if (m instanceof MediaRef.FileMedia f) {
            return f.relativePath().replace('\\', '/');
        }
        throw new IllegalStateException("media not stored as a file: " + m.name());
    }

    private static void writeDatasetInfo(Path out, List<FileReport> reports) {
        Path info = out.resolve(DATASET_INFO);
        ObjectNode root;
        if (Files.exists(info)) {
            JsonNode existing = Json.readTree(info);
            if (!existing.isObject()) {
                throw new InvalidInputException(info + " exists but is not a JSON object; move it away or export to"
                        + " another folder");
            }
            root = (ObjectNode) existing;
        } else {
            root = Json.mapper().createObjectNode();
        }
        for (FileReport r : reports) {
            ObjectNode e = root.putObject(r.name());
            e.put("file_name", r.file().getFileName().toString());
            e.put("formatting", "sharegpt");
            e.put("ranking", true);
            ObjectNode cols = e.putObject("columns");
            cols.put("messages", "conversations");
            cols.put("chosen", "chosen");
            cols.put("rejected", "rejected");
            cols.put("system", "system");
            for (String col : List.of("images", "videos", "audios")) {
                if (r.mediaColumns().contains(col)) {
                    cols.put(col, col);
                }
            }
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

    // ---- TRL ----

    /**
     * One conversational TRL preference record: {@code prompt} = the criterion as a system message and
     * the prompt's turns, {@code chosen}/{@code rejected} = one assistant message each; input images go
     * to {@code images} with an image part ({@code {"type": "image"}}) leading the first user message.
     * Media responses and ties are not exported.
     */
    static ObjectNode trl(PreferencePair p, MediaStore media) {
        if (p.tie()) {
            throw new Unsupported(SkipReason.UNSUPPORTED, "a tie has no chosen response; TRL preference data holds"
                    + " decisive pairs only");
        }
        if (!p.task().hasTextResponses()) {
            throw new Unsupported(SkipReason.UNSUPPORTED, "task " + p.task().id() + " has media responses; TRL's"
                    + " preference trainers take text completions");
        }
        if (p.task().inputMedia().filter(m -> m != Modality.IMAGE).isPresent()) {
            throw new Unsupported(SkipReason.UNSUPPORTED, "task " + p.task().id() + ": TRL's preference data carries"
                    + " images only");
        }
        ObjectNode o = Json.mapper().createObjectNode();
        ArrayNode prompt = o.putArray("prompt");
        prompt.addObject().put("role", "system").put("content", p.criteria());
        boolean first = true;
        for (Turn t : Transcripts.turns(p.prompt())) {
            ObjectNode m = prompt.addObject();
            m.put("role", t.role() == Role.USER ? "user" : "assistant");
            if (first && t.role() == Role.USER && !p.inputs().isEmpty()) {
                ArrayNode parts = m.putArray("content");
                for (int i = 0; i < p.inputs().size(); i++) {
                    parts.addObject().put("type", "image");
                }
                parts.addObject().put("type", "text").put("text", t.text());
            } else {
                m.put("content", t.text());
            }
            if (t.role() == Role.USER) {
                first = false;
            }
        }
        o.putArray("chosen").addObject().put("role", "assistant").put("content", p.chosen().requireText());
        o.putArray("rejected").addObject().put("role", "assistant").put("content", p.rejected().requireText());
        if (!p.inputs().isEmpty()) {
            ArrayNode images = o.putArray("images");
            p.inputs().forEach(m -> images.add(rel(m)));
        }
        return o;
    }

    // ---- EasyR1 ----

    /**
     * One EasyR1 record for training a generative judge with a verifiable reward: {@code problem} lays
     * out the criterion, the prompt and the two responses between section markers (media as
     * placeholders), and asks for a verdict letter; {@code answer} is the letter of the chosen response
     * ({@code A} or {@code B}, placed by a seeded hash of the pair id so both letters occur equally often),
     * or {@code C} for a tie; {@code images}/{@code videos}/{@code audios} list the media in placeholder order.
     */
    static ObjectNode easyR1(PreferencePair p, MediaStore media, long seed) {
        boolean chosenFirst = !StableHash.bit(seed, "easyr1-order", p.id());
        Response a = chosenFirst ? p.chosen() : p.rejected();
        Response b = chosenFirst ? p.rejected() : p.chosen();
        String answer = p.tie() ? "C" : chosenFirst ? "A" : "B";
        Map<Modality, List<String>> lists = new EnumMap<>(Modality.class);
        StringBuilder sb = new StringBuilder();
        sb.append("You compare two responses to a prompt under a criterion. Think it through, then give your verdict"
                + " as \\boxed{A} if response A is better, \\boxed{B} if response B is better, or \\boxed{C} if they"
                + " are equally good under the criterion.\n\n");
        sb.append("[[CRITERION]]\n").append(p.criteria()).append("\n[[END OF CRITERION]]\n\n");
        sb.append("[[PROMPT]]\n");
        for (MediaRef m : p.inputs()) {
            sb.append(placeholder(m.modality()));
            lists.computeIfAbsent(column(m.modality()), k -> new ArrayList<>()).add(rel(m));
        }
        sb.append(p.prompt()).append("\n[[END OF PROMPT]]\n\n");
        for (String letter : List.of("A", "B")) {
            Response r = letter.equals("A") ? a : b;
            sb.append("[[RESPONSE ").append(letter).append("]]\n");
            if (r.isText()) {
                sb.append(r.requireText());
            } else {
                MediaRef m = r.media().orElseThrow();
                sb.append(placeholder(m.modality()));
                lists.computeIfAbsent(column(m.modality()), k -> new ArrayList<>()).add(rel(m));
            }
            sb.append("\n[[END OF RESPONSE ").append(letter).append("]]\n\n");
        }
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("problem", sb.toString().strip());
        o.put("answer", answer);
        for (Map.Entry<Modality, List<String>> e : lists.entrySet()) {
            ArrayNode arr = o.putArray(columnName(e.getKey()));
            e.getValue().forEach(arr::add);
        }
        o.put("task", p.task().id());
        o.put("id", p.id());
        return o;
    }
}
