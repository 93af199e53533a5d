package org.omnireward.data.architecture.cyclefixture.a;

import org.omnireward.data.architecture.cyclefixture.b.B;

/** Half of a package cycle that {@code DataPackagesTest} must find. */
public final class A {
    B partner;
}
