/**
 * A minimal reader of ONNX model files (float initializers and graph nodes), used to take a base encoder's
 * weights from the ONNX file shipped in a Maven artifact.
 *
 * <p>{@link org.omnireward.core.Internal}: public for the project's own modules, not an API.
 */
@Internal
package org.omnireward.rm.onnx;

import org.omnireward.core.Internal;
