package org.omnireward.rm;

import ai.djl.ndarray.NDManager;

/**
 * The one way this module opens DJL's PyTorch engine: offline ({@code ai.djl.offline=true} unless
 * the caller set the property), so libtorch is loaded from the {@code pytorch-native-cpu} jar on the
 * class path and nothing is ever downloaded.
 */
public final class RmEngine {

    /** DJL's engine name. */
    public static final String ENGINE = "PyTorch";

    private RmEngine() {}

    /** A new base manager of the PyTorch engine. */
    public static NDManager newManager() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        return NDManager.newBaseManager(ENGINE);
    }
}
