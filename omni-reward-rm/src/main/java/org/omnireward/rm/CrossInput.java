package org.omnireward.rm;

import java.util.Arrays;
import org.omnireward.core.InvalidInputException;
import org.omnireward.rm.encoder.WordPieces;

/**
 * How criterion, prompt and response become one input of at most {@code maxLength} tokens:
 * {@code [CLS] criterion [SEP] prompt [SEP] response [SEP]}, token type 0 up to the second
 * {@code [SEP]}, 1 for the response and its {@code [SEP]}.
 *
 * <p><b>Truncation policy.</b> The criterion is never cut: a criterion that leaves fewer than
 * {@value #MIN_REST} tokens for prompt and response is an {@link InvalidInputException}. Of the
 * remaining budget R = maxLength − 4 − |criterion|, the prompt keeps its first
 * max(R/3, R − |response|) word pieces (all of it when it fits), and the response its first
 * R − |kept prompt| word pieces. So a long prompt never takes more than a third of the room from a
 * long response, and a short response leaves the rest to the prompt.
 */
public final class CrossInput {

    /** The fewest tokens the criterion must leave for prompt and response. */
    public static final int MIN_REST = 32;

    /** Token ids and token types of one input. */
    public record Tokens(long[] ids, long[] types) {
        /** How many tokens. */
        public int length() {
            return ids.length;
        }
    }

    private final WordPieces pieces;
    private final int maxLength;

    /** Inputs of at most {@code maxLength} tokens from {@code pieces}. */
    public CrossInput(WordPieces pieces, int maxLength) {
        if (maxLength < 4 + MIN_REST + 1) {
            throw new InvalidInputException("max length must be at least " + (4 + MIN_REST + 1) + ", got " + maxLength);
        }
        this.pieces = pieces;
        this.maxLength = maxLength;
    }

    /** The token limit. */
    public int maxLength() {
        return maxLength;
    }

    /** The input for one (criterion, prompt, response). */
    public Tokens tokens(String criterion, String prompt, String response) {
        long[] c = pieces.pieces(criterion == null ? "" : criterion, maxLength);
        int rest = maxLength - 4 - c.length;
        if (rest < MIN_REST) {
            throw new InvalidInputException("the criterion has " + c.length + " word pieces; with --max-length "
                    + maxLength + " at most " + (maxLength - 4 - MIN_REST) + " fit (a criterion is never cut)");
        }
        long[] p = pieces.pieces(prompt == null ? "" : prompt, rest);
        long[] y = pieces.pieces(response == null ? "" : response, rest);
        int keepPrompt = Math.min(p.length, Math.max(rest / 3, rest - y.length));
        int keepResponse = Math.min(y.length, rest - keepPrompt);
        int n = 4 + c.length + keepPrompt + keepResponse;
        long[] ids = new long[n];
        long[] types = new long[n];
        int i = 0;
        ids[i++] = pieces.cls();
        System.arraycopy(c, 0, ids, i, c.length);
        i += c.length;
        ids[i++] = pieces.sep();
        System.arraycopy(p, 0, ids, i, keepPrompt);
        i += keepPrompt;
        ids[i++] = pieces.sep();
        int responseStart = i;
        System.arraycopy(y, 0, ids, i, keepResponse);
        i += keepResponse;
        ids[i] = pieces.sep();
        Arrays.fill(types, responseStart, n, 1);
        return new Tokens(ids, types);
    }
}
