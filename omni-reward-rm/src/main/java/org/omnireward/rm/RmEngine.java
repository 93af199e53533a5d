package org.omnireward.rm;

import ai.djl.ndarray.NDManager;

/**
 * The one way this module opens DJL's PyTorch engine. libtorch is loaded from the {@code
 * pytorch-native-cpu} jar on the class path. Whether DJL may download an engine is the JVM-wide
 * property {@code ai.djl.offline}, which this class leaves to whoever starts the JVM: the {@code
 * omni-reward} launcher and the build's tests set it to {@code true}; a program that embeds the
 * module should pass {@code -Dai.djl.offline=true} to make sure nothing is ever downloaded.
 */
public final class RmEngine {

    /** DJL's engine name. */
    public static final String ENGINE = "PyTorch";

    private RmEngine() {}

    /** A new base manager of the PyTorch engine. */
    public static NDManager newManager() {
        return NDManager.newBaseManager(ENGINE);
    }
}
