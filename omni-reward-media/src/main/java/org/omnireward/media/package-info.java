/**
 * Reading and writing media: images ({@link org.omnireward.media.Images}), audio (decoding any format
 * FFmpeg reads with {@link org.omnireward.media.AudioDecoder} into an
 * {@link org.omnireward.media.AudioClip}, writing 16-bit PCM WAV with {@link org.omnireward.media.Wav})
 * and MP4 video ({@link org.omnireward.media.Mp4Encoder}, {@link org.omnireward.media.VideoFrames}).
 * Audio decoding and video use FFmpeg through JavaCV. What judges receive is made by
 * {@link org.omnireward.media.prepare.MediaPreparer}, the one path every caller uses.
 */
package org.omnireward.media;
