package org.omnireward.explore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.StableHash;
import org.omnireward.data.Groups;
import org.omnireward.data.MediaStore;
import org.omnireward.data.UnifiedJsonlWriter;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.stats.Agreement;

/**
 * A queue of pairs for people to label under a criterion they write or pick. The queue is the data set in
 * file order (optionally one task); each annotator sees the two responses in an order seeded by their name and
 * the pair, so one annotator's position bias does not line up with another's. Every label is appended at once,
 * as one unified-JSONL line (schema 3) under an exclusive file lock, so several annotators (one process or
 * several) can share a labels file; starting again with the same file resumes where each annotator stopped.
 *
 * <p>A label line is a preference pair: the picked response is {@code chosen} (a tie keeps the data's order and
 * sets {@code tie}), the criterion is the one the annotator used, {@code id} is {@code <item id>#<annotator>},
 * {@code source} is {@code annotation:<annotator><-<item source>}, and {@code provenance.annotation} records
 * the annotator, the time, the order shown, the pick, the preference in the item's own terms
 * ({@code response1}/{@code response2}/{@code tie}), where the criterion came from, the rationale and the item
 * (id, task, source, label). Media are copied beside the labels file by content ({@link MediaStore}), so the file
 * is self-contained; labels of a benchmark are marked {@code split: test} (evaluation only), like
 * {@code data convert --from omnirewardbench}.
 */
public final class AnnotationQueue {

    /** Longest criterion accepted. */
    static final int MAX_CRITERION = 4000;
    /** Longest rationale accepted. */
    static final int MAX_RATIONALE = 20_000;
    /** Criteria an annotator used before, offered again. */
    static final int RECENT_CRITERIA = 5;

    /**
     * How the queue runs.
     *
     * @param out the labels file (unified JSONL), appended to
     * @param annotators who may label through this server (names: letters, digits, {@code . _ @ -})
     * @param task only this task, or null for all
     * @param seed seeds the response order shown to each annotator
     */
    public record Settings(Path out, List<String> annotators, Task task, long seed) {
        public Settings {
            if (annotators == null || annotators.isEmpty()) {
                throw new InvalidInputException("name at least one --annotator");
            }
            for (String a : annotators) {
                if (a == null || !a.matches("[A-Za-z0-9._@-]{1,64}")) {
                    throw new InvalidInputException(
                            "--annotator '" + a + "': use 1 to 64 letters, digits, '.', '_', '@'"
                                    + " or '-' (the name goes into ids and URLs)");
                }
            }
            annotators = List.copyOf(new LinkedHashSet<>(annotators));
        }
    }

    /** What the annotator did with one pair. */
    public enum Pick {
        A,
        B,
        TIE;

        static Pick parse(String s) {
            if (s == null) {
                throw new InvalidInputException("choose A, B or tie");
            }
            return switch (s.trim().toUpperCase(java.util.Locale.ROOT)) {
                case "A" -> A;
                case "B" -> B;
                case "TIE" -> TIE;
                default -> throw new InvalidInputException("choose A, B or tie, not '" + s + "'");
            };
        }
    }

    private final DataIndex data;
    private final Settings settings;
    private final Path out;
    private final MediaStore media;
    private final Map<String, Set<String>> done = new HashMap<>();
    private final Map<String, List<String>> recent = new HashMap<>();
    private final long queueSize;
    private final List<String> notices = new ArrayList<>();

    private AnnotationQueue(DataIndex data, Settings settings) {
        this.data = data;
        this.settings = settings;
        this.out = settings.out().toAbsolutePath().normalize();
        for (String a : settings.annotators()) {
            done.put(a, new HashSet<>());
            recent.put(a, new ArrayList<>());
        }
        this.media = new MediaStore(out.getParent(), out.getParent().resolve("media"));
        long n = 0;
        Map<String, Long> perTask = data.countsBy("task");
        for (Map.Entry<String, Long> e : perTask.entrySet()) {
            if (settings.task() == null || settings.task().id().equals(e.getKey())) {
                n += e.getValue();
            }
        }
        this.queueSize = n - (settings.task() == null ? data.invalid() : 0);
    }

    /**
     * Opens the queue over {@code data}, reading the labels already in the file (a torn last line, as a kill
     * leaves it, is cut off).
     *
     * @throws InvalidInputException when the labels file is the data itself, its folder cannot be created, or it
     *     holds a line that is not JSON
     */
    public static AnnotationQueue open(DataIndex data, Settings settings) {
        Path out = settings.out().toAbsolutePath().normalize();
        if (Files.isDirectory(out)) {
            throw new InvalidInputException("--out " + out + " is a folder; name the labels file (e.g. labels.jsonl)");
        }
        if (out.equals(data.path().toAbsolutePath().normalize())) {
            throw new InvalidInputException("--out " + out + " is the data being labelled; write the labels elsewhere");
        }
        try {
            Files.createDirectories(out.getParent());
        } catch (IOException e) {
            throw new InvalidInputException("cannot create the folder of --out " + out + ": " + e.getMessage());
        }
        AnnotationQueue q = new AnnotationQueue(data, settings);
        q.resume();
        return q;
    }

    private void resume() {
        if (!Files.exists(out)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            cutTornLine(ch);
            int lineNo = 0;
            try (BufferedReader in = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode o;
                    try {
                        o = Json.mapper().readTree(line);
                    } catch (IOException e) {
                        throw new InvalidInputException(
                                out + " line " + lineNo + ": not JSON, so not a labels file this" + " command wrote ("
                                        + e.getMessage().lines().findFirst().orElse("") + ")");
                    }
                    JsonNode a = o.path("provenance").path(Agreement.PROVENANCE_KEY);
                    String annotator = a.path("annotator").asText(null);
                    if (annotator != null && done.containsKey(annotator)) {
                        done.get(annotator)
                                .add(key(
                                        a.path("item").path("task").asText(),
                                        a.path("item").path("id").asText()));
                        remember(annotator, o.path("criteria").asText(null));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + out + ": " + e.getMessage(), e);
        }
        settings.annotators().forEach(a -> {
            if (!done.get(a).isEmpty()) {
                notices.add(a + ": " + done.get(a).size() + " pairs already labelled in " + out + "; resuming");
            }
        });
    }

    /** Cuts a last line without its newline (what a kill during a write leaves). Call holding the lock. */
    private void cutTornLine(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return;
        }
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, size - 1);
        if (one.get(0) == '\n') {
            return;
        }
        long pos = size - 1;
        ByteBuffer b = ByteBuffer.allocate(1);
        while (pos > 0) {
            b.clear();
            ch.read(b, pos - 1);
            if (b.get(0) == '\n') {
                break;
            }
            pos--;
        }
        ch.truncate(pos);
        notices.add("the last line of " + out + " was cut short (a stop during a write); removed it");
    }

    private static String key(String task, String id) {
        return task + "/" + id;
    }

    private void remember(String annotator, String criterion) {
        if (criterion == null || criterion.isBlank()) {
            return;
        }
        List<String> r = recent.get(annotator);
        r.remove(criterion);
        r.add(0, criterion);
        while (r.size() > RECENT_CRITERIA) {
            r.remove(r.size() - 1);
        }
    }

    // ------------------------------------------------------------------ what the pages ask

    /** The annotators of this queue. */
    public List<String> annotators() {
        return settings.annotators();
    }

    /** The labels file. */
    public Path out() {
        return out;
    }

    /** What the user should know (resumed labels, a torn line removed). */
    public List<String> notices() {
        return List.copyOf(notices);
    }

    /** Pairs in the queue. */
    public long size() {
        return queueSize;
    }

    /** Pairs {@code annotator} has labelled. */
    public synchronized int labelled(String annotator) {
        return done.getOrDefault(annotator, Set.of()).size();
    }

    /** The criteria an annotator used most recently, newest first. */
    public synchronized List<String> recentCriteria(String annotator) {
        return List.copyOf(recent.getOrDefault(annotator, List.of()));
    }

    /** Whether the name is one of this queue's annotators. */
    public boolean hasAnnotator(String name) {
        return done.containsKey(name);
    }

    /** The first pair after {@code afterOrd} (-1: from the start) that the annotator has not labelled. */
    public Optional<Item> next(String annotator, int afterOrd) {
        int from = afterOrd + 1;
        while (true) {
            List<Item> batch = data.from(from, settings.task(), 256);
            if (batch.isEmpty()) {
                return Optional.empty();
            }
            synchronized (this) {
                for (Item it : batch) {
                    if (!done.get(annotator).contains(key(it.task().id(), it.id()))) {
                        return Optional.of(it);
                    }
                }
            }
            from = batch.get(batch.size() - 1).ord() + 1;
        }
    }

    /** Whether the annotator has labelled the item. */
    public synchronized boolean isLabelled(String annotator, Item item) {
        return done.get(annotator).contains(key(item.task().id(), item.id()));
    }

    /** The slot ({@code r1} or {@code r2}) shown as A to this annotator: a seeded coin per annotator and pair. */
    public String shownFirst(String annotator, Item item) {
        return StableHash.bit(
                        settings.seed(), "annotate", annotator, item.task().id(), item.id())
                ? "r2"
                : "r1";
    }

    /**
     * Appends the annotator's label of an item.
     *
     * @param shownFirst the slot the page showed as A (checked against the seeded order)
     * @param criterion the criterion the label holds under
     * @param rationale why, or null
     * @param seconds time the page was open, or null
     * @return the line written
     * @throws InvalidInputException for a missing or too long criterion, an order that is not the one shown, or a
     *     pair the annotator already labelled
     */
    public String label(
            String annotator,
            Item item,
            String shownFirst,
            Pick pick,
            String criterion,
            String rationale,
            Double seconds) {
        if (!hasAnnotator(annotator)) {
            throw new InvalidInputException("no annotator '" + annotator + "' in this queue");
        }
        if (!shownFirst(annotator, item).equals(shownFirst)) {
            throw new InvalidInputException("the order of the responses does not match what " + annotator
                    + " is shown for this pair; reload the page");
        }
        String c = criterion == null ? "" : criterion.strip();
        if (c.isEmpty()) {
            throw new InvalidInputException(
                    "write or pick a criterion: the label says which response is better under it");
        }
        if (c.length() > MAX_CRITERION) {
            throw new InvalidInputException(
                    "the criterion has " + c.length() + " characters; keep it under " + MAX_CRITERION);
        }
        String why = rationale == null || rationale.isBlank() ? null : rationale.strip();
        if (why != null && why.length() > MAX_RATIONALE) {
            throw new InvalidInputException(
                    "the rationale has " + why.length() + " characters; keep it under " + MAX_RATIONALE);
        }
        String second = shownFirst.equals("r1") ? "r2" : "r1";
        String preference = switch (pick) {
            case A -> shownFirst.equals("r1") ? "response1" : "response2";
            case B -> second.equals("r1") ? "response1" : "response2";
            case TIE -> "tie";
        };
        String origin =
                c.equals(item.criteria() == null ? null : item.criteria().strip())
                        ? "given"
                        : recentCriteria(annotator).contains(c) ? "earlier" : "written";
        UnifiedRecord record = record(annotator, item, shownFirst, pick, preference, c, origin, why, seconds);
        String line = UnifiedJsonlWriter.line(record, out.getParent(), out.toString()) + "\n";
        synchronized (this) {
            if (isLabelled(annotator, item)) {
                throw new InvalidInputException(
                        annotator + " has already labelled " + item.id() + "; labels are appended, never changed");
            }
            append(line);
            done.get(annotator).add(key(item.task().id(), item.id()));
            remember(annotator, c);
        }
        return line;
    }

    private UnifiedRecord record(
            String annotator,
            Item item,
            String shownFirst,
            Pick pick,
            String preference,
            String criterion,
            String origin,
            String rationale,
            Double seconds) {
        Task task = item.task();
        Response r1 = response(item, "r1", item.response1());
        Response r2 = response(item, "r2", item.response2());
        boolean second = preference.equals("response2");
        List<MediaRef> inputs = new ArrayList<>();
        for (int i = 0; i < item.inputs().size(); i++) {
            inputs.add(file(item, "in" + i, task.inputMedia().orElse(Modality.IMAGE)));
        }
        String group = item.group() != null ? item.group() : Groups.ofPrompt(item.prompt());
        PreferencePair pair = new PreferencePair(
                item.id() + "#" + annotator,
                task,
                group,
                criterion,
                item.prompt(),
                inputs,
                second ? r2 : r1,
                second ? r1 : r2,
                pick == Pick.TIE,
                "annotation:" + annotator + "<-" + (item.source() == null ? item.file() : item.source()));
        ObjectNode prov = item.provenance() != null && item.provenance().isObject()
                ? ((ObjectNode) item.provenance()).deepCopy()
                : Json.mapper().createObjectNode();
        ObjectNode a = prov.putObject(Agreement.PROVENANCE_KEY);
        a.put("annotator", annotator);
        a.put("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        a.put("preference", preference);
        a.put("pick", pick == Pick.TIE ? "tie" : pick.name());
        a.putArray("shown")
                .add(shownFirst.equals("r1") ? "response1" : "response2")
                .add(shownFirst.equals("r1") ? "response2" : "response1");
        a.put("criterion_origin", origin);
        if (rationale != null) {
            a.put("rationale", rationale);
        }
        if (seconds != null) {
            a.put("seconds", Math.round(seconds * 10) / 10.0);
        }
        ObjectNode it = a.putObject("item");
        it.put("id", item.id());
        it.put("task", task.id());
        if (item.source() != null) {
            it.put("source", item.source());
        }
        if (item.label() != null) {
            it.put("label", item.label());
        }
        if (item.criteria() != null) {
            it.put("criteria", item.criteria());
        }
        it.put("file", item.file());
        a.put("queue", data.path().toString());
        a.put("seed", settings.seed());
        UnifiedRecord r = new UnifiedRecord(
                pair,
                prov,
                data.isBenchmark() || UnifiedRecord.TEST_SPLIT.equals(item.split()) ? UnifiedRecord.TEST_SPLIT : null);
        return media.place(r);
    }

    private Response response(Item item, String slot, String text) {
        return text != null
                ? Response.text(text)
                : Response.media(file(item, slot, item.task().responseModality()));
    }

    private MediaRef file(Item item, String slot, Modality modality) {
        Path f = data.mediaFile(item, slot)
                .orElseThrow(() -> new InvalidInputException(
                        "the " + slot + " media of " + item.id() + " cannot be read, so the pair cannot be labelled"));
        return MediaRef.underRoot(f.getParent(), f.getFileName().toString(), modality);
    }

    /** One write of a whole line, at the end of the file, under an exclusive lock (other processes too). */
    private void append(String line) {
        try (FileChannel ch = FileChannel.open(
                        out, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                FileLock lock = ch.lock()) {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + out + ": " + e.getMessage(), e);
        }
    }
}
