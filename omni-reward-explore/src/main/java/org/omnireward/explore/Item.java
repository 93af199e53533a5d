package org.omnireward.explore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;

/**
 * One benchmark sample or preference pair as the explorer shows it, read back from the index. For a
 * pair, response 1 is the chosen response and response 2 the rejected one ({@link #pair()}).
 *
 * @param ord the item's number in load order (stable for a given data path: it names media URLs)
 * @param task the task
 * @param idx position among the task's records in file order
 * @param id the record's id
 * @param pair true for a preference pair (chosen/rejected), false for a benchmark sample
 * @param source the source string (pairs) or the benchmark file
 * @param category the source category
 * @param split train/valid/test (or the record's own split)
 * @param file the file the record came from and its position, for people
 * @param criteria the criterion (null for an invalid record whose criterion could not be read)
 * @param prompt the prompt
 * @param response1 the first response as text, or null for a media response
 * @param response2 the second response as text, or null
 * @param media1 the first response's media, or null
 * @param media2 the second response's media, or null
 * @param inputs the prompt's input media
 * @param label response1, response2, tie or null
 * @param model1 the model that wrote response 1, if known
 * @param model2 the model that wrote response 2, if known
 * @param group the pair's split group, if known
 * @param invalid why the record could not be read as a sample, or null
 * @param provenance the record's provenance object, or null
 */
public record Item(
        int ord,
        Task task,
        int idx,
        String id,
        boolean pair,
        String source,
        String category,
        String split,
        String file,
        String criteria,
        String prompt,
        String response1,
        String response2,
        Media media1,
        Media media2,
        List<Media> inputs,
        String label,
        String model1,
        String model2,
        String group,
        String invalid,
        JsonNode provenance) {

    /**
     * A media item of an item: a file (already checked to lie under a media root when the data was read), or
     * media embedded in a parquet row, fetched again when asked for.
     *
     * @param type image, video, audio or 3d
     * @param name the path as written in the data (or the parquet name hint)
     * @param file the absolute file, or null when embedded
     */
    public record Media(String type, String name, String file) {

        /** Whether the bytes are embedded in the data file rather than a file of their own. */
        public boolean embedded() {
            return file == null;
        }

        static Media of(MediaRef m) {
            return new Media(
                    m.modality().wireName(),
                    m.name(),
                    m.path().map(p -> p.toAbsolutePath().normalize().toString()).orElse(null));
        }

        static Media of(Response r) {
            return r.isText() ? null : of(r.media().orElseThrow());
        }

        ObjectNode json() {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("type", type);
            o.put("name", name);
            if (file != null) {
                o.put("file", file);
            }
            return o;
        }

        static Media parse(JsonNode o) {
            if (o == null || o.isNull() || o.isMissingNode()) {
                return null;
            }
            JsonNode f = o.get("file");
            return new Media(
                    o.path("type").asText(), o.path("name").asText(), f == null || f.isNull() ? null : f.asText());
        }

        /** The file, when there is one. */
        public Path path() {
            return file == null ? null : Path.of(file);
        }
    }

    /** The columns {@link #read} expects, in order. */
    static final String COLUMNS = "ord, task, idx, id, pair, source, category, split, file, criteria, prompt, r1, r2,"
            + " r1_media, r2_media, inputs, label, model1, model2, grp, invalid, provenance";

    static final String CREATE = "CREATE TABLE items (ord INTEGER, task VARCHAR, idx INTEGER, id VARCHAR, pair BOOLEAN,"
            + " source VARCHAR, category VARCHAR, split VARCHAR, file VARCHAR, criteria VARCHAR, prompt VARCHAR,"
            + " r1 VARCHAR, r2 VARCHAR, r1_media VARCHAR, r2_media VARCHAR, inputs VARCHAR, label VARCHAR,"
            + " model1 VARCHAR, model2 VARCHAR, grp VARCHAR, invalid VARCHAR, provenance VARCHAR,"
            + " pc_search VARCHAR, search VARCHAR)";

    /** Reads the current row of a result set selected with {@link #COLUMNS}. */
    static Item read(ResultSet rs) throws SQLException {
        List<Media> inputs = new ArrayList<>();
        String in = rs.getString("inputs");
        if (in != null) {
            for (JsonNode m : tree(in)) {
                inputs.add(Media.parse(m));
            }
        }
        String prov = rs.getString("provenance");
        return new Item(
                rs.getInt("ord"),
                Task.parse(rs.getString("task")),
                rs.getInt("idx"),
                rs.getString("id"),
                rs.getBoolean("pair"),
                rs.getString("source"),
                rs.getString("category"),
                rs.getString("split"),
                rs.getString("file"),
                rs.getString("criteria"),
                rs.getString("prompt"),
                rs.getString("r1"),
                rs.getString("r2"),
                mediaOf(rs.getString("r1_media")),
                mediaOf(rs.getString("r2_media")),
                inputs,
                rs.getString("label"),
                rs.getString("model1"),
                rs.getString("model2"),
                rs.getString("grp"),
                rs.getString("invalid"),
                prov == null ? null : tree(prov));
    }

    private static Media mediaOf(String json) {
        return json == null ? null : Media.parse(tree(json));
    }

    /** Parses JSON the index itself wrote. */
    static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the explorer's index holds malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String inputsJson(List<MediaRef> inputs) {
        if (inputs.isEmpty()) {
            return null;
        }
        ArrayNode a = Json.mapper().createArrayNode();
        inputs.forEach(m -> a.add(Media.of(m).json()));
        return a.toString();
    }

    static String mediaJson(Response r) {
        Media m = Media.of(r);
        return m == null ? null : m.json().toString();
    }

    /** The media in a slot: {@code in0}, {@code in1}, … for inputs, {@code r1}, {@code r2} for responses. */
    public Media media(String slot) {
        if ("r1".equals(slot)) {
            return media1;
        }
        if ("r2".equals(slot)) {
            return media2;
        }
        if (slot != null && slot.startsWith("in")) {
            try {
                int i = Integer.parseInt(slot.substring(2));
                return i >= 0 && i < inputs.size() ? inputs.get(i) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** What a label means for this item, for people: chosen/rejected for pairs, response 1/2 for samples. */
    public String labelText() {
        if (label == null) {
            return "unknown";
        }
        if (pair) {
            return label.equals("tie") ? "tie" : label.equals("response1") ? "chosen (response 1)" : "response 2";
        }
        return label;
    }
}
