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
    static final String[] TRAILING_MARKERS = {
        "<|im_end|>", "<|eot_id|>", "<|endoftext|>", "</s>", "<|end|>", "<end_of_turn>", "<｜end▁of▁sentence｜>"
    };

    private OpenRlhfQueries() {}

    /** The response of one query and whether the prompt was found in it. */
    record Split(String response, boolean promptFound) {}

    /**
     * The response in {@code query}. Linear in the lengths of both strings, whatever they hold (a
     * client's query of "a" x 200,000 against a prompt of "a" x 99,999 + "b" costs no more than any other).
     */
    static Split split(String query, String prompt) {
        if (prompt == null || prompt.isEmpty()) {
            return new Split(clean(query, 0), true); // no prompt to find: the whole query is the response
        }
        if (query.startsWith(prompt)) {
            return new Split(clean(query, prompt.length()), true);
        }
        int at = indexOf(query, prompt);
        if (at >= 0) {
            return new Split(clean(query, at + prompt.length()), true);
        }
        int n = Math.min(query.length(), prompt.length());
        int common = 0;
        while (common < n && query.charAt(common) == prompt.charAt(common)) {
            common++;
        }
        return new Split(clean(query, common), false);
    }

    /**
     * The first index of {@code needle} in {@code text}, or -1: Knuth-Morris-Pratt, so O(n + m) where
     * {@link String#indexOf(String)} may take O(n x m).
     */
    static int indexOf(String text, String needle) {
        int m = needle.length();
        if (m == 0) {
            return 0;
        }
        if (m > text.length()) {
            return -1;
        }
        int[] fail = new int[m];
        for (int i = 1, k = 0; i < m; i++) {
            while (k > 0 && needle.charAt(i) != needle.charAt(k)) {
                k = fail[k - 1];
            }
            if (needle.charAt(i) == needle.charAt(k)) {
                k++;
            }
            fail[i] = k;
        }
        for (int i = 0, k = 0; i < text.length(); i++) {
            while (k > 0 && text.charAt(i) != needle.charAt(k)) {
                k = fail[k - 1];
            }
            if (text.charAt(i) == needle.charAt(k)) {
                k++;
            }
            if (k == m) {
                return i - m + 1;
            }
        }
        return -1;
    }

    /**
     * {@code query} from {@code from}, without surrounding whitespace and trailing end markers. Works on
     * indexes and copies once: linear however many markers the end repeats.
     */
    private static String clean(String query, int from) {
        int begin = from;
        int end = query.length();
        while (begin < end && Character.isWhitespace(query.charAt(begin))) {
            begin++;
        }
        boolean again = true;
        while (again) {
            while (end > begin && Character.isWhitespace(query.charAt(end - 1))) {
                end--;
            }
            again = false;
            for (String m : TRAILING_MARKERS) {
                if (end - begin >= m.length() && query.startsWith(m, end - m.length())) {
                    end -= m.length();
                    again = true;
                }
            }
        }
        return query.substring(begin, end);
    }
}
