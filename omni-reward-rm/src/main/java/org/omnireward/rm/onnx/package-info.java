/**
 * A minimal reader of ONNX model files (float initializers and graph nodes), used to take a base encoder's
 * weights from the ONNX file shipped in a Maven artifact.
 */
package org.omnireward.rm.onnx;
