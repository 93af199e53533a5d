package org.omnireward.media;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.omnireward.core.InvalidInputException;

/**
 * Writes WAV (RIFF/WAVE) files: a 44-byte header and 16-bit PCM mono samples, in our own few lines so
 * that writing demo tones, or audio for a judge, needs no native library. Reading and decoding
 * audio, WAV included, is {@link AudioDecoder}'s job (FFmpeg).
 */
public final class Wav {

    private static final int FORMAT_PCM = 1;

    private Wav() {}

    /** Writes {@code clip} as a 16-bit PCM mono WAV file, creating parent folders. */
    public static void write(AudioClip clip, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(toBytes(clip));
        }
    }

    /** Encodes {@code clip} as a 16-bit PCM mono WAV; samples outside [-1, 1] are clipped. */
    public static byte[] toBytes(AudioClip clip) {
        return pcm16Bytes(toPcm16(clip.samples()), clip.sampleRate());
    }

    /** Encodes 16-bit samples as a mono WAV at {@code sampleRate}. */
    public static byte[] pcm16Bytes(short[] samples, int sampleRate) {
        if (sampleRate <= 0) {
            throw new InvalidInputException("sample rate must be positive, got " + sampleRate);
        }
        int dataBytes = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(36 + dataBytes).put(ascii("WAVE"));
        b.put(ascii("fmt "))
                .putInt(16)
                .putShort((short) FORMAT_PCM)
                .putShort((short) 1) // channels
                .putInt(sampleRate)
                .putInt(sampleRate * 2) // byte rate
                .putShort((short) 2) // block align
                .putShort((short) 16); // bits per sample
        b.put(ascii("data")).putInt(dataBytes);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    /**
     * Converts samples in [-1, 1] to 16-bit integers: {@code round(v * 32768)}, clipped to the 16-bit
     * range (the inverse of FFmpeg's 16-bit to float conversion, {@code v / 32768}, so a file written
     * here and decoded at its own sample rate gives back every sample).
     */
    public static short[] toPcm16(float[] samples) {
        short[] out = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            long v = Math.round(samples[i] * 32768.0);
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
