package org.omnireward.core;

/** Token counts a remote model reported for one call; -1 where unknown. */
public record Usage(long inputTokens, long outputTokens) {

    public static final Usage UNKNOWN = new Usage(-1, -1);

    /** Sum of two usages, treating unknown parts as zero. */
    public Usage plus(Usage other) {
        return new Usage(
                Math.max(0, inputTokens) + Math.max(0, other.inputTokens),
                Math.max(0, outputTokens) + Math.max(0, other.outputTokens));
    }
}
