package org.omnireward.data.architecture.cyclefixture.b;

import org.omnireward.data.architecture.cyclefixture.a.A;

/** The other half of the package cycle that {@code DataPackagesTest} must find. */
public final class B {
    A partner;
}
