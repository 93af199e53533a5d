package org.omnireward.scalar.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Locale;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.RetriableException;

/**
 * Reads the reward out of a vLLM pooling response, {@code {"data":[{"index":0,"data":OUTPUT}], ...}},
 * where OUTPUT is what the model's pooler gave for the one conversation sent:
 * <ul>
 *   <li>a number: the reward;</li>
 *   <li>a list of numbers (a sequence classifier's logits or a last-token reward head): the element at
 *       {@code scoreIndex} (negative counts from the end; the default −1 takes the last, which is the
 *       only one for a one-label reward head and the "positive" label of a two-label classifier);</li>
 *   <li>a list of lists (token-level rewards, one row per token, as vLLM's {@code reward}/{@code
 *       token_classify} pooling returns): the last token's row, then the element at {@code scoreIndex}
 *       of that row.</li>
 * </ul>
 * A body that is not JSON at all (a truncated or garbled transfer) is a {@link RetriableException};
 * well-formed JSON of another shape means the server is not a pooling endpoint, or the output was
 * requested in another encoding, which repeating cannot fix: a {@link NonRetriableException}.
 */
final class PoolingResponseParser {

    /** Reads NaN/Infinity literals so that a diverging model is reported as a non-finite score, not as garbage. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static final int MAX_SHOWN = 200;

    private PoolingResponseParser() {}

    /**
     * The reward in {@code body}.
     *
     * @param endpoint for messages
     * @throws RetriableException when the body is not JSON
     * @throws NonRetriableException when it is JSON but not a pooling response with numbers
     */
    static double score(String body, int scoreIndex, String endpoint) {
        JsonNode output = firstOutput(body, endpoint);
        if (output.isNumber()) {
            return output.asDouble();
        }
        if (!output.isArray() || output.isEmpty()) {
            throw shape(
                    endpoint,
                    "data[0].data is "
                            + (output.isArray()
                                    ? "empty"
                                    : output.getNodeType().toString().toLowerCase(Locale.ROOT))
                            + "; expected a number or a list of numbers",
                    body);
        }
        int n = output.size();
        int at = scoreIndex < 0 ? n + scoreIndex : scoreIndex;
        if (at < 0 || at >= n) {
            throw new NonRetriableException("pooling server " + endpoint + " returned " + n + " value(s) per output, "
                    + "so model option score-index=" + scoreIndex + " is out of range");
        }
        JsonNode v = output.get(at);
        if (!v.isNumber()) {
            throw shape(endpoint, "data[0].data[" + at + "] is not a number", body);
        }
        return v.asDouble();
    }

    /**
     * The pooled output of the first input ({@code data} item with index 0, else the first item); of a token-level
     * output, the last token's. Refuses a body that is not JSON, or whose output is missing or base64.
     */
    private static JsonNode firstOutput(String body, String endpoint) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new RetriableException("pooling server " + endpoint + " answered 200 with a body that is not JSON ("
                    + e.getOriginalMessage() + "): " + shorten(body));
        }
        if (root == null || !root.isObject()) {
            throw shape(endpoint, "the body is not a JSON object", body);
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isArray() || data.isEmpty()) {
            throw shape(endpoint, "it has no non-empty \"data\" array", body);
        }
        JsonNode item = null;
        for (JsonNode d : data) {
            if (d.path("index").asInt(-1) == 0) {
                item = d;
                break;
            }
        }
        if (item == null) {
            item = data.get(0);
        }
        JsonNode output = item.isObject() ? item.get("data") : null;
        if (output == null || output.isNull()) {
            throw shape(endpoint, "data[0] has no \"data\" field", body);
        }
        if (output.isTextual()) {
            throw shape(endpoint, "data[0].data is a string (base64?); expected numbers (encoding_format float)", body);
        }
        if (output.isArray()
                && !output.isEmpty()
                && output.get(output.size() - 1).isArray()) {
            output = output.get(output.size() - 1); // token-level output: the last token
        }
        return output;
    }

    /**
     * The error text of a non-2xx body: vLLM's {@code {"error":{"message":…}}} or older {@code
     * {"object":"error","message":…}}, FastAPI's {@code {"detail":…}}, else the raw body; shortened.
     */
    static String serverMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.isObject()) {
                JsonNode err = root.get("error");
                if (err != null && err.isObject() && err.get("message") != null) {
                    return shorten(err.get("message").asText());
                }
                if (err != null && err.isTextual()) {
                    return shorten(err.asText());
                }
                if (root.get("message") != null) {
                    return shorten(root.get("message").asText());
                }
                if (root.get("detail") != null) {
                    JsonNode d = root.get("detail");
                    return shorten(d.isTextual() ? d.asText() : d.toString());
                }
            }
        } catch (JsonProcessingException e) {
            // not JSON: show the text itself
        }
        return shorten(body);
    }

    /** {@code s} on one line, at most {@value #MAX_SHOWN} characters. */
    static String shorten(String s) {
        String one = s == null ? "" : s.strip().replaceAll("\\s+", " ");
        return one.length() <= MAX_SHOWN ? one : one.substring(0, MAX_SHOWN) + "… (" + one.length() + " chars)";
    }

    private static NonRetriableException shape(String endpoint, String problem, String body) {
        return new NonRetriableException("pooling server " + endpoint + " answered 200 but " + problem
                + "; expected vLLM's pooling response {\"data\":[{\"index\":0,\"data\":[...]}]}. Body: "
                + shorten(body));
    }
}
