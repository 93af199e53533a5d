package org.omnireward.data;

/**
 * Criteria given to pairs whose source does not state one. Defined once so that training data and
 * the model's default criterion agree.
 */
public final class Criteria {

    /** The criterion of general helpfulness pairs (AlpacaEval, LLaMA-Factory without a system turn). */
    public static final String GENERAL =
            "Prefer the response that is more helpful, honest and harmless, and that follows the instruction.";

    /** The criterion of XSTest safety pairs: comply with safe requests, decline harmful ones. */
    public static final String SAFETY = "Prefer the response that helps with safe requests and declines harmful ones.";

    private Criteria() {}
}
