package org.omnireward.training;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.omnireward.core.InvalidInputException;

/**
 * Named float tensors in one binary file: the magic {@code ORMT}, a format version (int), a
 * header string (UTF, e.g. JSON of a checkpoint's state), the tensor count (int), then per tensor
 * its name (UTF), element count (int) and little-endian float32 values. Big-endian framing as
 * {@link DataOutputStream} writes it. Writes go to a temporary file moved into place atomically,
 * so a killed writer leaves the previous file intact.
 */
public final class TensorFile {

    private static final int MAGIC = 0x4f524d54; // "ORMT"
    private static final int VERSION = 1;

    /** What a file holds. */
    public record Content(String header, Map<String, float[]> tensors) {}

    private TensorFile() {}

    /** Writes {@code tensors} (in map order) and {@code header} to {@code file} atomically. */
    public static void write(Path file, String header, Map<String, float[]> tensors) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(
                        tmp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(header);
            out.writeInt(tensors.size());
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, float[]> e : tensors.entrySet()) {
                out.writeUTF(e.getKey());
                float[] v = e.getValue();
                out.writeInt(v.length);
                for (int i = 0; i < v.length; ) {
                    buffer.clear();
                    while (i < v.length && buffer.remaining() >= 4) {
                        buffer.putFloat(v[i++]);
                    }
                    out.write(buffer.array(), 0, buffer.position());
                }
            }
            out.flush();
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads {@code file}.
     *
     * @throws InvalidInputException naming the file when it is missing, not a tensor file, or truncated
     */
    public static Content read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("weight file " + file + " is missing");
        }
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new InvalidInputException("weight file " + file + " is not an omni-reward tensor file");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new InvalidInputException(
                        "weight file " + file + " has tensor format " + version + "; this build reads " + VERSION);
            }
            String header = in.readUTF();
            int count = in.readInt();
            if (count < 0 || count > 100_000) {
                throw new InvalidInputException("weight file " + file + " is corrupt: " + count + " tensors");
            }
            Map<String, float[]> tensors = new LinkedHashMap<>();
            byte[] bytes = new byte[1 << 16];
            for (int t = 0; t < count; t++) {
                String name = in.readUTF();
                int n = in.readInt();
                if (n < 0 || n > Files.size(file) / 4) {
                    throw new InvalidInputException(
                            "weight file " + file + " is corrupt: tensor " + name + " claims " + n + " values");
                }
                float[] v = new float[n];
                for (int i = 0; i < n; ) {
                    int chunk = Math.min(bytes.length / 4, n - i);
                    in.readFully(bytes, 0, chunk * 4);
                    ByteBuffer.wrap(bytes, 0, chunk * 4)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .asFloatBuffer()
                            .get(v, i, chunk);
                    i += chunk;
                }
                tensors.put(name, v);
            }
            if (in.read() != -1) {
                throw new InvalidInputException("weight file " + file + " has bytes after its last tensor");
            }
            return new Content(header, tensors);
        } catch (EOFException e) {
            throw new InvalidInputException("weight file " + file + " is truncated", e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read weight file " + file + ": " + e.getMessage(), e);
        }
    }
}
