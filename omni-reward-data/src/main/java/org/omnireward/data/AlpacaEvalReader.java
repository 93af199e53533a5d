package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * Reads an AlpacaEval annotation file: a JSON array of records with {@code instruction},
 * {@code output_1}, {@code output_2} and {@code preference} (a number in [1, 2]; near 1 means
 * output_1 is preferred). Preference above {@value #OUTPUT_2_ABOVE} prefers output_2, below
 * {@value #OUTPUT_1_BELOW} output_1; in between (both bounds included) the pair is a tie
 * ({@code tie = true}, chosen = output_1). A null preference is skipped as
 * {@link SkipReason#MISSING_PREFERENCE}; identical outputs (the judge files give them 1.5 or 0) as
 * {@link SkipReason#IDENTICAL_RESPONSES}. The criterion is {@link Criteria#GENERAL}; the group is
 * the hash of the normalised instruction, which recurs across annotation files.
 */
public final class AlpacaEvalReader extends JsonFileSource {

    /** Preferences strictly above this prefer output_2. */
    public static final double OUTPUT_2_ABOVE = 1.55;
    /** Preferences strictly below this prefer output_1. */
    public static final double OUTPUT_1_BELOW = 1.45;

    /** Which output a preference value favours. */
    public enum Verdict {
        OUTPUT_1,
        OUTPUT_2,
        TIE
    }

    public AlpacaEvalReader(Path file) {
        super(file);
    }

    @Override
    public PreferenceFormat format() {
        return PreferenceFormat.ALPACA_EVAL;
    }

    /** The verdict of a preference value in [1, 2]. */
    public static Verdict verdict(double preference) {
        if (preference > OUTPUT_2_ABOVE) {
            return Verdict.OUTPUT_2;
        }
        if (preference < OUTPUT_1_BELOW) {
            return Verdict.OUTPUT_1;
        }
        return Verdict.TIE;
    }

    @Override
    void map(JsonRecords.RecordRef ref, JsonNode record, PairSink sink) {
        String instruction = JsonFields.nonBlank(record, "instruction");
        String output1 = JsonFields.string(record, "output_1");
        String output2 = JsonFields.string(record, "output_2");
        JsonNode pref = record.get("preference");
        if (pref == null) {
            throw new RecordException(SkipReason.MISSING_FIELD, "preference", "required field 'preference' is missing");
        }
        if (pref.isNull()) {
            throw new RecordException(SkipReason.MISSING_PREFERENCE, "preference", "the preference is null");
        }
        if (!pref.isNumber()) {
            throw new RecordException(
                    SkipReason.WRONG_TYPE,
                    "preference",
                    "expected a number in [1, 2] but found " + JsonRecords.typeName(pref));
        }
        double p = pref.asDouble();
        if (output1.strip().equals(output2.strip())) {
            throw new RecordException(
                    SkipReason.IDENTICAL_RESPONSES,
                    "",
                    "output_1 and output_2 are the same text" + " (preference " + pref.asText() + ")");
        }
        if (!(p >= 1.0 && p <= 2.0)) {
            throw new RecordException(
                    SkipReason.INVALID_VALUE, "preference", "preference " + pref.asText() + " is outside [1, 2]");
        }
        requireDistinctTexts("output_1", output1, "output_2", output2);
        String source = sourceOf(ref);
        switch (verdict(p)) {
            case OUTPUT_2 -> sink.pair(textPair(source, Criteria.GENERAL, instruction, output2, output1, false));
            case OUTPUT_1 -> sink.pair(textPair(source, Criteria.GENERAL, instruction, output1, output2, false));
            case TIE -> sink.pair(textPair(source, Criteria.GENERAL, instruction, output1, output2, true));
        }
    }
}
