package org.omnireward.rm.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;

/**
 * The base model's word-piece tokenizer (its {@code tokenizer.json}, through DJL's Hugging Face
 * tokenizers): {@link #sentence} as the sentence encoder tokenises (special tokens, the file's own
 * truncation), {@link #pieces} bare word pieces with no limit but a character cut. Thread-safe.
 */
public final class WordPieces implements AutoCloseable {

    /** Characters kept per word piece wanted before tokenising (bounds the cost of an enormous text). */
    public static final int CHARS_PER_PIECE = 32;

    private final HuggingFaceTokenizer sentence;
    private final HuggingFaceTokenizer bare;
    private final long cls;
    private final long sep;
    private final long pad;

    private WordPieces(HuggingFaceTokenizer sentence, HuggingFaceTokenizer bare) {
        this.sentence = sentence;
        this.bare = bare;
        Encoding e = sentence.encode("");
        long[] ids = e.getIds();
        if (ids.length != 2) {
            throw new IllegalStateException("the tokenizer does not frame text with two special tokens");
        }
        this.cls = ids[0];
        this.sep = ids[1];
        this.pad = 0;
    }

    /** The tokenizer of {@code base}. */
    public static WordPieces of(BaseModels.Base base) {
        byte[] json = BaseModels.resource(base, base.tokenizerResource());
        try {
            HuggingFaceTokenizer sentence =
                    HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), Map.of("padding", "false"));
            HuggingFaceTokenizer bare = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(json),
                    Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "false"));
            return new WordPieces(sentence, bare);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer " + base.tokenizerResource(), e);
        }
    }

    /** Ids of {@code text} framed by {@code [CLS]} … {@code [SEP]}, cut as the tokenizer file says. */
    public long[] sentence(String text) {
        return sentence.encode(text).getIds();
    }

    /**
     * The word pieces of {@code text} without special tokens, at most {@code max} of them (the text is
     * first cut to {@value #CHARS_PER_PIECE} characters per piece).
     */
    public long[] pieces(String text, int max) {
        long limit = (long) CHARS_PER_PIECE * Math.max(1, max);
        String cut = text.length() > limit ? prefix(text, (int) limit) : text;
        long[] ids = bare.encode(cut).getIds();
        return ids.length > max ? Arrays.copyOf(ids, max) : ids;
    }

    /** The {@code [CLS]} id. */
    public long cls() {
        return cls;
    }

    /** The {@code [SEP]} id. */
    public long sep() {
        return sep;
    }

    /** The padding id. */
    public long pad() {
        return pad;
    }

    private static String prefix(String text, int chars) {
        int end = chars;
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    @Override
    public void close() {
        sentence.close();
        bare.close();
    }
}
