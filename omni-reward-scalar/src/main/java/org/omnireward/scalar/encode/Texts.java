package org.omnireward.scalar.encode;

/** Small text clean-ups shared by the encoders and the cache key. */
final class Texts {

    /** The replacement character that stands for an unpaired surrogate. */
    static final char REPLACEMENT = '\uFFFD';

    private Texts() {}

    /**
     * {@code text} with every unpaired UTF-16 surrogate (which has no UTF-8 encoding) replaced by
     * U+FFFD; the same instance when there is none, so the common case costs one scan.
     */
    static String replaceUnpairedSurrogates(String text) {
        int n = text.length();
        int first = -1;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(n).append(text, 0, first);
        for (int i = first; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return out.toString();
    }

    /** The first {@code maxChars} UTF-16 units of {@code text}, one fewer if that would split a surrogate pair. */
    static String prefix(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** Whether {@code text} has an ASCII letter or digit, which every BERT tokenizer turns into a word piece. */
    static boolean hasAsciiLetterOrDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }
}
