package org.omnireward.scalar.bt;

import java.util.List;

/**
 * Structural statistics of a response text (feature spec version 1): the part of the BT features
 * that a criterion such as "be concise" or "use a list" can be checked against directly. Purely
 * structural on purpose: no word lists, no refusal lexicon, so nothing here is language- or
 * topic-specific. Every value is roughly in [0, 1.5]; a blank text gives all zeros.
 */
public final class TextStatistics {

    /** The names of the statistics, in vector order; recorded in model manifests. */
    public static final List<String> NAMES = List.of(
            "log_chars", // ln(1 + code points) / 8
            "log_words", // ln(1 + whitespace-separated words) / 6
            "list_line_fraction", // non-blank lines that are list items (-, *, +, •, 1. 1) a.)
            "has_code_block", // 1 when the text contains a ``` fence
            "log_paragraphs", // ln(1 + runs of non-blank lines) / 3
            "heading_line_fraction", // non-blank lines starting with #
            "question_fraction", // sentence ends (. ! ?) that are ?
            "log_words_per_sentence"); // ln(1 + words / max(1, sentence ends)) / 4

    /** How many statistics there are. */
    public static final int COUNT = NAMES.size();

    private TextStatistics() {}

    /** The statistics of {@code text}, {@link #COUNT} values in the order of {@link #NAMES}. */
    public static float[] of(String text) {
        float[] out = new float[COUNT];
        if (text == null || text.isBlank()) {
            return out;
        }
        int chars = text.codePointCount(0, text.length());
        Sentences s = Sentences.of(text);
        Lines l = Lines.of(text);
        out[0] = (float) (StrictMath.log1p(chars) / 8.0);
        out[1] = (float) (StrictMath.log1p(s.words()) / 6.0);
        out[2] = l.nonBlank() == 0 ? 0f : (float) l.listItems() / l.nonBlank();
        out[3] = text.contains("```") ? 1f : 0f;
        out[4] = (float) (StrictMath.log1p(l.paragraphs()) / 3.0);
        out[5] = l.nonBlank() == 0 ? 0f : (float) l.headings() / l.nonBlank();
        out[6] = s.ends() == 0 ? 0f : (float) s.questions() / s.ends();
        out[7] = (float) (StrictMath.log1p((double) s.words() / Math.max(1, s.ends())) / 4.0);
        return out;
    }

    /** Words (runs of non-blanks), sentence ends (a run like "?!" or "..." is one) and those that are questions. */
    private record Sentences(int words, int ends, int questions) {

        static Sentences of(String text) {
            int words = 0;
            boolean inWord = false;
            int ends = 0;
            int questions = 0;
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (Character.isWhitespace(ch)) {
                    inWord = false;
                } else if (!inWord) {
                    inWord = true;
                    words++;
                }
                if (ch == '.' || ch == '!' || ch == '?') {
                    boolean nextIsEnd = i + 1 < text.length() && ".!?".indexOf(text.charAt(i + 1)) >= 0;
                    if (!nextIsEnd) {
                        ends++;
                        if (ch == '?') {
                            questions++;
                        }
                    }
                }
            }
            return new Sentences(words, ends, questions);
        }
    }

    /** Non-blank lines, of them list items and headings, and paragraphs (runs of non-blank lines). */
    private record Lines(int nonBlank, int listItems, int headings, int paragraphs) {

        static Lines of(String text) {
            int nonBlank = 0;
            int listItems = 0;
            int headings = 0;
            int paragraphs = 0;
            boolean previousBlank = true;
            for (String line : text.split("\\R", -1)) {
                String t = line.strip();
                if (t.isEmpty()) {
                    previousBlank = true;
                    continue;
                }
                nonBlank++;
                if (previousBlank) {
                    paragraphs++;
                }
                previousBlank = false;
                if (isListItem(t)) {
                    listItems++;
                }
                if (t.startsWith("#")) {
                    headings++;
                }
            }
            return new Lines(nonBlank, listItems, headings, paragraphs);
        }
    }

    /** A stripped line that starts like a markdown list item: a bullet or an enumerator plus a space. */
    static boolean isListItem(String t) {
        if (t.length() < 2) {
            return false;
        }
        char first = t.charAt(0);
        if ((first == '-' || first == '*' || first == '+' || first == '•') && Character.isWhitespace(t.charAt(1))) {
            return true;
        }
        int i = 0;
        while (i < t.length() && i < 3 && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0 && Character.isLowerCase(first) && t.length() >= 3) {
            i = 1; // "a) item" or "b. item"
        }
        return i > 0
                && i + 1 < t.length()
                && (t.charAt(i) == '.' || t.charAt(i) == ')')
                && Character.isWhitespace(t.charAt(i + 1));
    }
}
