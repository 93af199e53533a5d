package org.omnireward.server;

/**
 * Splits an OpenRLHF query (the decoded prompt followed by the response, possibly with chat-template
 * tokens around them) into the response to score.
 *
 * <ol>
 *   <li>The query starts with the prompt: the response is what follows it.</li>
 *   <li>The prompt occurs later in the query (e.g. after a BOS token the prompt string lacks): the
 *       response is what follows its first occurrence.</li>
 *   <li>No prompt (older clients send only the query): the whole query is the response.</li>
 *   <li>Otherwise (a tokenizer round trip changed the prompt): the longest
 *       common prefix of query and prompt is removed and the rest is the response; {@link
 *       Split#promptFound()} is false and the server counts it in {@code /metrics}.</li>
 * </ol>
 * Leading and trailing whitespace of the response is kept out, and so is a trailing end-of-sequence
 * marker that the template adds ({@link #TRAILING_MARKERS}).
 */
final class OpenRlhfQueries {

    /** End-of-turn and end-of-sequence strings of common chat templates, dropped from the response's end. */
    static final String[] TRAILING_MARKERS = {"<|im_end|>", "<|eot_id|>", "<|endoftext|>", "</s>", "<|end|>",
        "<end_of_turn>", "<｜end▁of▁sentence｜>"};

    private OpenRlhfQueries() {
    }

    /** The response of one query and whether the prompt was found in it. */
    record Split(String response, boolean promptFound) {
    }

    static Split split(String query, String prompt) {
        if (prompt == null || prompt.isEmpty()) {
            return new Split(clean(query), true); // no prompt to find: the whole query is the response
        }
        if (query.startsWith(prompt)) {
            return new Split(clean(query.substring(prompt.length())), true);
        }
        int at = query.indexOf(prompt);
        if (at >= 0) {
            return new Split(clean(query.substring(at + prompt.length())), true);
        }
        int n = Math.min(query.length(), prompt.length());
        int common = 0;
        while (common < n && query.charAt(common) == prompt.charAt(common)) {
            common++;
        }
        return new Split(clean(query.substring(common)), false);
    }

    private static String clean(String response) {
        String r = response.strip();
        boolean again = true;
        while (again) {
            again = false;
            for (String m : TRAILING_MARKERS) {
                if (r.endsWith(m)) {
                    r = r.substring(0, r.length() - m.length()).stripTrailing();
                    again = true;
                }
            }
        }
        return r;
    }
}
