/**
 * Reading and writing media: images ({@link org.omnireward.media.Images}), 16-bit PCM WAV audio
 * ({@link org.omnireward.media.Wav}, {@link org.omnireward.media.AudioClip}) and MP4 video
 * ({@link org.omnireward.media.Mp4Encoder}, {@link org.omnireward.media.VideoFrames}, backed by
 * FFmpeg through JavaCV).
 */
package org.omnireward.media;
