package org.omnireward.training;

/** The version of this tool a model file records as {@code tool_version} ("dev" when run from classes, not a jar). */
public final class ToolVersion {

    private ToolVersion() {}

    /** The jar's {@code Implementation-Version}, or {@code dev}. */
    public static String get() {
        String v = ToolVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
