package org.omnireward.core;

import java.util.Locale;

/** The kind of content a prompt input or a response carries. */
public enum Modality {
    TEXT,
    IMAGE,
    VIDEO,
    AUDIO,
    /** A 3D object, represented by one or more multi-view render images. */
    THREE_D;

    /** Lower-case name used in files and messages ({@code text}, {@code image}, …, {@code 3d}). */
    public String wireName() {
        return this == THREE_D ? "3d" : name().toLowerCase(Locale.ROOT);
    }
}
