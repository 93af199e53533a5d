package org.omnireward.media;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.omnireward.core.InvalidInputException;

/**
 * WAV (RIFF/WAVE) files, in our own code so that audio needs no native library. Writes 16-bit PCM
 * mono; reads PCM 8/16/24/32-bit and IEEE float 32/64-bit, plain or {@code WAVE_FORMAT_EXTENSIBLE},
 * any number of channels (mixed down to mono), skipping chunks it does not need.
 */
public final class Wav {

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_FLOAT = 3;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    /**
     * What a WAV file's {@code fmt } and {@code data} chunks say.
     *
     * @param audioFormat 1 = integer PCM, 3 = IEEE float (the sub-format for extensible files)
     * @param frames samples per channel in the data chunk
     */
    public record Header(int audioFormat, int channels, int sampleRate, int bitsPerSample, long frames) {
        /** Length in seconds. */
        public double durationSeconds() {
            return frames / (double) sampleRate;
        }
    }

    private Wav() {
    }

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
        b.put(ascii("fmt ")).putInt(16)
                .putShort((short) FORMAT_PCM)
                .putShort((short) 1)              // channels
                .putInt(sampleRate)
                .putInt(sampleRate * 2)           // byte rate
                .putShort((short) 2)              // block align
                .putShort((short) 16);            // bits per sample
        b.put(ascii("data")).putInt(dataBytes);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    /**
     * Converts samples in [-1, 1] to 16-bit integers: {@code round(v * 32768)}, clipped to the 16-bit
     * range (the inverse of how {@link #read} scales, so a read-write round trip keeps every sample).
     */
    public static short[] toPcm16(float[] samples) {
        short[] out = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            long v = Math.round(samples[i] * 32768.0);
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
        return out;
    }

    /**
     * Reads a WAV file as a mono clip (channels averaged).
     *
     * @throws NoSuchFileException when the file does not exist
     * @throws InvalidInputException when it is not a WAV file this class can decode, naming the file
     */
    public static AudioClip read(Path file) throws IOException {
        return read(readFile(file), file.toString());
    }

    /** Decodes WAV bytes; {@code name} is only used in error messages. */
    public static AudioClip read(byte[] bytes, String name) {
        Parsed p = parse(bytes, name);
        Header h = p.header;
        int bytesPerSample = h.bitsPerSample() / 8;
        int frameBytes = bytesPerSample * h.channels();
        float[] mono = new float[(int) h.frames()];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < mono.length; f++) {
            double sum = 0;
            int base = p.dataOffset + f * frameBytes;
            for (int c = 0; c < h.channels(); c++) {
                sum += sample(b, base + c * bytesPerSample, h);
            }
            mono[f] = (float) (sum / h.channels());
        }
        return new AudioClip(h.sampleRate(), mono);
    }

    /** Reads only what the header says (format, channels, rate, bits, length). */
    public static Header readHeader(Path file) throws IOException {
        return parse(readFile(file), file.toString()).header;
    }

    private static double sample(ByteBuffer b, int at, Header h) {
        if (h.audioFormat() == FORMAT_FLOAT) {
            return h.bitsPerSample() == 32 ? b.getFloat(at) : b.getDouble(at);
        }
        return switch (h.bitsPerSample()) {
            case 8 -> ((b.get(at) & 0xFF) - 128) / 128.0;
            case 16 -> b.getShort(at) / 32768.0;
            case 24 -> (((b.get(at) & 0xFF) | (b.get(at + 1) & 0xFF) << 8 | b.get(at + 2) << 16)) / 8388608.0;
            default -> b.getInt(at) / 2147483648.0;
        };
    }

    private record Parsed(Header header, int dataOffset) {
    }

    private static Parsed parse(byte[] bytes, String name) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !"RIFF".equals(fourCc(b, 0)) || !"WAVE".equals(fourCc(b, 8))) {
            throw new InvalidInputException("not a WAV file: " + name + " (expected a RIFF/WAVE header)");
        }
        int pos = 12;
        Integer format = null;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (pos + 8 <= bytes.length) {
            String id = fourCc(b, pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > bytes.length) {
                    throw new InvalidInputException("WAV file " + name + ": 'fmt ' chunk is truncated");
                }
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2) & 0xFFFF;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xFFFF;
                if (format == FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) {
                    format = b.getShort(body + 24) & 0xFFFF; // first two bytes of the sub-format GUID
                }
            } else if (id.equals("data")) {
                if (format == null) {
                    throw new InvalidInputException("WAV file " + name + ": 'data' chunk comes before the 'fmt ' chunk");
                }
                Header h = header(name, format, channels, rate, bits, Math.min(size, bytes.length - body));
                return new Parsed(h, body);
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new InvalidInputException("WAV file " + name + ": no "
                + (format == null ? "'fmt ' chunk" : "'data' chunk") + " found");
    }

    private static Header header(String name, int format, int channels, int rate, int bits, long dataBytes) {
        boolean pcm = format == FORMAT_PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
        boolean flt = format == FORMAT_FLOAT && (bits == 32 || bits == 64);
        if (!pcm && !flt) {
            throw new InvalidInputException("WAV file " + name + ": unsupported encoding (format " + format + ", "
                    + bits + " bits); expected integer PCM of 8/16/24/32 bits or float of 32/64 bits");
        }
        if (channels < 1 || rate <= 0) {
            throw new InvalidInputException("WAV file " + name + ": invalid header (" + channels
                    + " channels, " + rate + " Hz)");
        }
        long frames = dataBytes / ((long) channels * (bits / 8));
        return new Header(format, channels, rate, bits, frames);
    }

    private static String fourCc(ByteBuffer b, int at) {
        byte[] id = new byte[4];
        for (int i = 0; i < 4; i++) {
            id[i] = b.get(at + i);
        }
        return new String(id, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "WAV file not found");
        }
        return Files.readAllBytes(file);
    }
}
