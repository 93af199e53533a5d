/**
 * Media preparation for judges: {@link org.omnireward.media.prepare.MediaPreparer} turns any
 * {@link org.omnireward.core.MediaRef} into what a model receives ({@link
 * org.omnireward.media.prepare.PreparedImage} JPEGs, sampled video frames, {@link
 * org.omnireward.media.prepare.PreparedAudio} 16 kHz mono WAV), with size, pixel, duration, type and
 * time guards and a bounded cache.
 */
package org.omnireward.media.prepare;
