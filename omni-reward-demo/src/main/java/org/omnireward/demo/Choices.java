package org.omnireward.demo;

import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Picks the content of two responses so that a criterion's verdict is true of them. Generation tasks
 * describe a response by two attributes (shape and colour, direction and colour); the criterion judges
 * the first, the second, or both.
 */
final class Choices {

    private Choices() {}

    /** Which attribute a criterion judges. */
    enum Judged {
        BOTH,
        FIRST,
        SECOND
    }

    /** The two attributes of one response. */
    record Pick<A, B>(A first, B second) {}

    /**
     * Returns [preferred, other] for a non-tie sample, or [x, y] with both equally right under the
     * criterion for a tie (ties need {@code FIRST} or {@code SECOND}: they differ only in what the
     * criterion ignores). {@code a0}/{@code b0} are what the prompt asks for.
     */
    static <A, B> List<Pick<A, B>> attributes(
            SampleContext c,
            Judged judged,
            A a0,
            B b0,
            UnaryOperator<A> otherA,
            UnaryOperator<B> otherB,
            Supplier<A> anyA,
            Supplier<B> anyB) {
        if (c.isTie()) {
            return switch (judged) {
                case FIRST -> List.of(new Pick<>(a0, b0), new Pick<>(a0, otherB.apply(b0)));
                case SECOND -> List.of(new Pick<>(a0, b0), new Pick<>(otherA.apply(a0), b0));
                case BOTH -> throw new IllegalArgumentException("a tie needs a criterion that ignores one attribute");
            };
        }
        return switch (judged) {
            case BOTH -> {
                int wrong = c.rnd.nextInt(3);
                A a = wrong == 1 ? a0 : otherA.apply(a0);
                B b = wrong == 0 ? b0 : otherB.apply(b0);
                yield List.of(new Pick<>(a0, b0), new Pick<>(a, b));
            }
            case FIRST -> List.of(new Pick<>(a0, anyB.get()), new Pick<>(otherA.apply(a0), anyB.get()));
            case SECOND -> List.of(new Pick<>(anyA.get(), b0), new Pick<>(anyA.get(), otherB.apply(b0)));
        };
    }

    /** The criterion kind for a sample: ties judge one attribute only; others any of the three. */
    static Judged judged(SampleContext c) {
        if (c.isTie()) {
            return c.rnd.nextBoolean() ? Judged.FIRST : Judged.SECOND;
        }
        return Judged.values()[c.rnd.nextInt(3)];
    }

    /** Four phrasings of an answer about media: right and wrong, each short and long (with the observation). */
    record Answers(String correctShort, String correctLong, String wrongShort, String wrongLong) {}

    /** Two text responses and the criterion that decides between them. */
    record TextPair(String preferred, String other, String criterion) {}

    /**
     * Text answers for an understanding task. Ties: two correct answers, one short and one long,
     * under a criterion that ignores length. Otherwise the preferred answer is the shorter one exactly
     * when the context says so: either right-vs-wrong (length irrelevant) or, a third of the time,
     * two right answers under a style criterion (concise, or explained).
     */
    static TextPair text(SampleContext c, Answers a, String subject) {
        String correctness = "Prefer the answer that is correct about the " + subject
                + "; length and level of detail do not matter.";
        if (c.isTie()) {
            return new TextPair(a.correctShort(), a.correctLong(), correctness);
        }
        boolean style = c.rnd.nextInt(3) == 0;
        if (style) {
            return c.preferShorter
                    ? new TextPair(
                            a.correctShort(),
                            a.correctLong(),
                            "Prefer the more concise answer, as long as it is correct.")
                    : new TextPair(
                            a.correctLong(),
                            a.correctShort(),
                            "Prefer the answer that describes what it observed in the " + subject
                                    + ", not only the bare answer, as long as it is correct.");
        }
        return c.preferShorter
                ? new TextPair(a.correctShort(), a.wrongLong(), correctness)
                : new TextPair(a.correctLong(), a.wrongShort(), correctness);
    }
}
