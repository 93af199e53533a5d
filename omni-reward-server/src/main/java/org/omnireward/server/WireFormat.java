package org.omnireward.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Response;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;

/**
 * Reads the JSON bodies of the endpoints into requests a model takes, checking types and the
 * per-field limits. Every problem is an {@link ApiException} that names the field
 * ({@code items[2].response: expected ...}).
 */
final class WireFormat {

    private static final Set<String> ITEM_FIELDS = Set.of("task", "criteria", "prompt", "inputs", "response");
    private static final Set<String> PAIR_FIELDS =
            Set.of("task", "criteria", "prompt", "inputs", "response1", "response2", "allow_ties");
    private static final Set<String> RANK_FIELDS = Set.of("task", "criteria", "prompt", "inputs", "candidates");

    private final ServerSettings settings;
    private final MediaDecoder media;
    private final com.fasterxml.jackson.databind.ObjectMapper reader;

    WireFormat(ServerSettings settings) {
        this.settings = settings;
        this.media = new MediaDecoder(settings.maxMediaBytes());
        this.reader = requestMapper(settings.maxBodyBytes());
    }

    /**
     * The mapper for request bodies: a string may be as long as the body allows (Jackson's own
     * 20,000,000-character limit would refuse a 16 MiB image as base64 before --max-media-bytes could
     * name the limit); nesting stays limited to Jackson's 1,000 levels; a parse error repeats at most
     * {@link ApiException#ECHO} characters of the input; trailing tokens are an error.
     */
    static com.fasterxml.jackson.databind.ObjectMapper requestMapper(long maxBodyBytes) {
        com.fasterxml.jackson.core.JsonFactory factory = com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                        .maxStringLength((int) Math.min(Integer.MAX_VALUE - 16, Math.max(maxBodyBytes, 1)))
                        .build())
                .errorReportConfiguration(com.fasterxml.jackson.core.ErrorReportConfiguration.builder()
                        .maxErrorTokenLength(ApiException.ECHO)
                        .maxRawContentLength(ApiException.ECHO)
                        .build())
                .build();
        return com.fasterxml.jackson.databind.json.JsonMapper.builder(factory)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** The body as a JSON object; an absent body is an empty one. */
    JsonNode parseObject(BodyGate.RequestBody body) {
        if (body == null || body.length() == 0) {
            throw new ApiException(400, "malformed_json", "the request body is empty; send a JSON object");
        }
        JsonNode node;
        try (InputStream in = body.stream()) {
            node = reader.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new ApiException(
                    400,
                    "malformed_json",
                    "the request body is not valid JSON" + where + ": " + ApiException.echo(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ApiException(
                    400, "malformed_json", "cannot read the request body: " + ApiException.echo(e.getMessage()));
        }
        if (node == null || node.isMissingNode() || !node.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object, got " + kind(node));
        }
        return node;
    }

    /** {@code POST /v1/score}: {@code {"items": [...]}}. */
    List<ScoringRequest> scoreItems(JsonNode body) {
        JsonNode items = array(body, "items", "");
        List<ScoringRequest> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String at = "items[" + i + "]";
            JsonNode item = object(items.get(i), at, ITEM_FIELDS);
            Task task = task(item, at);
            String criteria = criteria(item, at);
            String prompt = text(item, "prompt", at, true);
            List<MediaRef> inputs = inputs(item, task, at);
            out.add(new ScoringRequest(
                    task, criteria, prompt, inputs, response(item.get("response"), task, at + ".response")));
        }
        return out;
    }

    /** {@code POST /v1/compare}: {@code {"pairs": [...]}}. */
    List<PairwiseRequest> pairs(JsonNode body) {
        JsonNode pairs = array(body, "pairs", "");
        List<PairwiseRequest> out = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            String at = "pairs[" + i + "]";
            JsonNode pair = object(pairs.get(i), at, PAIR_FIELDS);
            Task task = task(pair, at);
            JsonNode ties = pair.get("allow_ties");
            if (ties != null && !ties.isNull() && !ties.isBoolean()) {
                throw ApiException.badRequest(at + ".allow_ties: expected true or false, got " + kind(ties));
            }
            out.add(new PairwiseRequest(
                    task,
                    criteria(pair, at),
                    text(pair, "prompt", at, true),
                    inputs(pair, task, at),
                    response(pair.get("response1"), task, at + ".response1"),
                    response(pair.get("response2"), task, at + ".response2"),
                    ties != null && ties.asBoolean(false)));
        }
        return out;
    }

    /** {@code POST /v1/rank}: one prompt and its candidates, as scoring requests in candidate order. */
    List<ScoringRequest> rank(JsonNode body) {
        object(body, "the body", RANK_FIELDS);
        Task task = task(body, "");
        String criteria = criteria(body, "");
        String prompt = text(body, "prompt", "", true);
        List<MediaRef> inputs = inputs(body, task, "");
        JsonNode candidates = array(body, "candidates", "");
        List<ScoringRequest> out = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            out.add(new ScoringRequest(
                    task, criteria, prompt, inputs, response(candidates.get(i), task, "candidates[" + i + "]")));
        }
        return out;
    }

    /** OpenRLHF's {@code POST /get_reward} body. */
    record RewardQueries(List<String> queries, List<String> prompts, List<String> criteria) {}

    /**
     * {@code {"query": [...], "prompts": [...]?, "labels": [...]?, "criteria": str|[...]?}}; other keys
     * are ignored (the trainer's protocol may grow), labels are accepted and not used.
     */
    RewardQueries rewardQueries(JsonNode body) {
        JsonNode q = body.get("query");
        boolean lone = q != null && q.isTextual();
        if (lone) { // a lone query, as some scripts send it (with a lone prompt)
            q = Json.mapper().createArrayNode().add(q);
        }
        if (q == null || !q.isArray()) {
            throw ApiException.badRequest(
                    "query: expected an array of strings (prompt followed by response), got " + kind(q));
        }
        checkCount(q.size(), "query");
        List<String> queries = strings(q, "query");
        List<String> prompts = queryPrompts(body.get("prompts"), lone, q.size());
        checkLabels(body.get("labels"));
        return new RewardQueries(queries, prompts, queryCriteria(body.get("criteria"), queries.size()));
    }

    /** {@code prompts}: null when absent, else one string per query (a lone string with a lone query). */
    private List<String> queryPrompts(JsonNode p, boolean lone, int queries) {
        if (lone && p != null && p.isTextual()) {
            p = Json.mapper().createArrayNode().add(p);
        }
        if (p == null || p.isNull()) {
            return null;
        }
        if (!p.isArray()) {
            throw ApiException.badRequest("prompts: expected an array of strings, got " + kind(p));
        }
        if (p.size() != queries) {
            throw ApiException.badRequest(
                    "prompts has " + p.size() + " entries but query has " + queries + "; give one prompt per query");
        }
        return strings(p, "prompts");
    }

    /** {@code labels}: not used, but limited like every other field. */
    private void checkLabels(JsonNode labels) {
        if (labels != null && !labels.isNull() && !labels.isArray()) {
            throw ApiException.badRequest("labels: expected an array, got " + kind(labels));
        }
        if (labels != null && labels.isArray()) {
            checkCount(labels.size(), "labels");
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i).isTextual()) {
                    limited(labels.get(i).asText(), "labels[" + i + "]");
                }
            }
        }
    }

    /** {@code criteria}: the default, one string for every query, or one string per query. */
    private List<String> queryCriteria(JsonNode c, int queries) {
        List<String> criteria = new ArrayList<>(queries);
        if (c == null || c.isNull()) {
            for (int i = 0; i < queries; i++) {
                criteria.add(settings.defaultCriteria());
            }
        } else if (c.isTextual()) {
            String one = criterion(c.asText(), "criteria");
            for (int i = 0; i < queries; i++) {
                criteria.add(one);
            }
        } else if (c.isArray() && c.size() == queries) {
            for (int i = 0; i < c.size(); i++) {
                if (!c.get(i).isTextual()) {
                    throw ApiException.badRequest("criteria[" + i + "]: expected a string, got " + kind(c.get(i)));
                }
                criteria.add(criterion(c.get(i).asText(), "criteria[" + i + "]"));
            }
        } else {
            throw ApiException.badRequest("criteria: expected a string, or an array of one string per query, got "
                    + kind(c) + (c.isArray() ? " of " + c.size() : ""));
        }
        return criteria;
    }

    private List<String> strings(JsonNode array, String name) {
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode v = array.get(i);
            if (!v.isTextual()) {
                throw ApiException.badRequest(name + "[" + i + "]: expected a string, got " + kind(v));
            }
            out.add(limited(v.asText(), name + "[" + i + "]"));
        }
        return out;
    }

    private JsonNode array(JsonNode parent, String field, String at) {
        String name = at.isEmpty() ? field : at + "." + field;
        JsonNode a = parent.get(field);
        if (a == null || a.isNull()) {
            throw ApiException.badRequest(name + " is missing; expected an array");
        }
        if (!a.isArray()) {
            throw ApiException.badRequest(name + ": expected an array, got " + kind(a));
        }
        if (a.isEmpty()) {
            throw ApiException.badRequest(name + " is empty");
        }
        checkCount(a.size(), name);
        return a;
    }

    private void checkCount(int n, String name) {
        if (n > settings.maxItems()) {
            throw ApiException.tooLarge(name + " has " + n + " entries; the limit is " + settings.maxItems()
                    + " per request (--max-items)");
        }
    }

    private static JsonNode object(JsonNode node, String at, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest(at + ": expected an object, got " + kind(node));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiException.badRequest(prefix(at) + ApiException.echo(f) + ": unknown field; expected "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return node;
    }

    private static String prefix(String at) {
        return at.isEmpty() || at.equals("the body") ? "" : at + ".";
    }

    private static Task task(JsonNode node, String at) {
        JsonNode t = node.get("task");
        if (t == null || t.isNull()) {
            return Task.T2T;
        }
        if (!t.isTextual()) {
            throw ApiException.badRequest(prefix(at) + "task: expected a string such as \"t2t\", got " + kind(t));
        }
        return Task.lookup(t.asText())
                .orElseThrow(() -> ApiException.badRequest(prefix(at) + "task: unknown task '"
                        + ApiException.echo(t.asText()) + "'; expected one of " + Task.validNames()));
    }

    private String criteria(JsonNode node, String at) {
        JsonNode c = node.get("criteria");
        if (c == null || c.isNull()) {
            return settings.defaultCriteria();
        }
        if (!c.isTextual()) {
            throw ApiException.badRequest(prefix(at) + "criteria: expected a string, got " + kind(c));
        }
        return criterion(c.asText(), prefix(at) + "criteria");
    }

    private String criterion(String text, String name) {
        if (text.isBlank()) {
            throw ApiException.badRequest(name + " is empty; omit it for the server's default criterion");
        }
        return limited(text, name);
    }

    private String text(JsonNode node, String field, String at, boolean required) {
        JsonNode v = node.get(field);
        String name = prefix(at) + field;
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.badRequest(name + " is missing; expected a string");
            }
            return "";
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(name + ": expected a string, got " + kind(v));
        }
        return limited(v.asText(), name);
    }

    private String limited(String text, String name) {
        if (text.length() > settings.maxTextChars()) {
            throw ApiException.tooLarge(name + " has " + text.length() + " characters; the limit is "
                    + settings.maxTextChars() + " (--max-text-chars)");
        }
        return text;
    }

    private List<MediaRef> inputs(JsonNode node, Task task, String at) {
        JsonNode in = node.get("inputs");
        String name = prefix(at) + "inputs";
        if (in == null || in.isNull() || (in.isArray() && in.isEmpty())) {
            if (task.inputMedia().isPresent()) {
                throw ApiException.badRequest(name + " is missing: task " + task.id() + " needs its input "
                        + task.inputMedia().get().wireName() + " as {\"type\": \""
                        + task.inputMedia().get().wireName()
                        + "\", \"data\": <base64>}");
            }
            return List.of();
        }
        if (!in.isArray()) {
            throw ApiException.badRequest(name + ": expected an array of media objects, got " + kind(in));
        }
        Modality expected = task.inputMedia()
                .orElseThrow(() -> ApiException.badRequest(
                        name + ": task " + task.id() + " takes no input media (put text in prompt)"));
        List<MediaRef> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            JsonNode m = in.get(i);
            String where = name + "[" + i + "]";
            if (m.isTextual()) {
                throw ApiException.badRequest(where + ": text belongs in prompt; inputs are media objects {\"type\": \""
                        + expected.wireName() + "\", \"data\": <base64>}");
            }
            out.add(mediaObject(m, expected, where));
        }
        return out;
    }

    private Response response(JsonNode v, Task task, String name) {
        Modality expected = task.responseModality();
        if (v == null || v.isNull()) {
            throw ApiException.badRequest(name + " is missing; expected "
                    + (expected == Modality.TEXT
                            ? "a string"
                            : "a media object {\"type\": \"" + wire(expected) + "\", \"data\": <base64>}"));
        }
        if (expected == Modality.TEXT) {
            if (!v.isTextual()) {
                throw ApiException.badRequest(
                        name + ": task " + task.id() + " has text responses; expected a string, got " + kind(v));
            }
            return Response.text(limited(v.asText(), name));
        }
        if (v.isTextual()) {
            throw ApiException.badRequest(name + ": task " + task.id() + " has " + expected.wireName()
                    + " responses; expected {\"type\": \"" + wire(expected) + "\", \"data\": <base64 or data URI>}");
        }
        return Response.media(mediaObject(v, expected, name));
    }

    /** 3D responses are multi-view render images: they travel as {@code image}. */
    private static String wire(Modality m) {
        return m == Modality.THREE_D ? "image" : m.wireName();
    }

    private MediaRef mediaObject(JsonNode m, Modality expected, String where) {
        if (!m.isObject()) {
            throw ApiException.badRequest(where + ": expected a media object {\"type\", \"data\"}, got " + kind(m));
        }
        for (String forbidden : List.of("url", "path", "file", "image_url")) {
            if (m.has(forbidden)) {
                throw ApiException.badRequest(where + "." + forbidden + ": this server never fetches URLs or reads "
                        + "files named in a request; send the bytes in \"data\" as base64 or a data: URI");
            }
        }
        object(m, where, Set.of("type", "data"));
        JsonNode type = m.get("type");
        if (type == null || !type.isTextual()) {
            throw ApiException.badRequest(
                    where + ".type: expected \"image\", \"audio\" or \"video\", got " + kind(type));
        }
        String t = type.asText().toLowerCase(Locale.ROOT);
        Modality given = switch (t) {
            case "image" -> Modality.IMAGE;
            case "audio" -> Modality.AUDIO;
            case "video" -> Modality.VIDEO;
            case "3d" -> Modality.THREE_D;
            default ->
                throw ApiException.badRequest(where + ".type: unknown media type '" + ApiException.echo(type.asText())
                        + "'; expected image, audio or video (3d for t23d renders)");
        };
        boolean fits = given == expected || (expected == Modality.THREE_D && given == Modality.IMAGE);
        if (!fits) {
            throw ApiException.badRequest(
                    where + ".type: this task expects " + wire(expected) + ", got " + ApiException.echo(t));
        }
        JsonNode data = m.get("data");
        if (data == null || !data.isTextual()) {
            throw ApiException.badRequest(where + ".data: expected base64 or a data: URI string, got " + kind(data));
        }
        return media.decode(data.asText(), expected, where);
    }

    /** What a JSON value is, for messages. */
    static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isArray()) {
            return "an array";
        }
        return n.isObject() ? "an object" : n.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
