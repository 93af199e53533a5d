package org.omnireward.scalar.encode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.util.Sha256;

/**
 * Vectors of one encoder on disk, keyed by the {@link TextHash} of the (canonical) text, so that
 * training epochs and reruns do not encode the same text again.
 *
 * <p>One append-only file per encoder id, {@code <dir>/<id>.emb}. It starts with a header (magic
 * {@code OMNIEMBC}, format version, dimension, the encoder id) and then holds fixed-size records:
 * the 32-byte SHA-256 of the text, {@code dimension} big-endian float32 values and a CRC-32 of both.
 * Opening a file reads it once and keeps an in-memory index from hash to record offset (about
 * 100 bytes per entry: 100,000 vectors of 384 floats are a 157 MB file and a 10 MB index); vectors
 * are read from the file on demand.
 *
 * <p>Crash safety: a record cut short by a crash (or any record whose CRC does not match) is
 * ignored with a warning, and the next write cuts a torn tail off before appending. Writers take an
 * exclusive lock on the file for each append (and a lock per file inside this JVM), so several
 * threads, instances and processes may share one cache; records appended by another instance are
 * seen after reopening. A file written for another encoder id or dimension, with a newer format
 * version or without the header, is refused with an error, never mixed in.
 *
 * <p>The directory is {@link #defaultDirectory()} unless given, as {@link EmbeddingCacheLocation}
 * resolves it: the system property {@value #DIRECTORY_PROPERTY}, else the environment variable
 * {@value #DIRECTORY_ENV}, else {@code $XDG_CACHE_HOME/omni-reward/embeddings} (absolute
 * {@code XDG_CACHE_HOME} only), else {@code ~/.cache/omni-reward/embeddings}. Thread-safe.
 */
public final class EmbeddingCache implements AutoCloseable {

    /** System property naming the cache directory ({@link EmbeddingCacheLocation#PROPERTY}). */
    public static final String DIRECTORY_PROPERTY = EmbeddingCacheLocation.PROPERTY;

    /** Environment variable naming the cache directory ({@link EmbeddingCacheLocation#ENV}). */
    public static final String DIRECTORY_ENV = EmbeddingCacheLocation.ENV;

    /** The format version this class writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** File name extension of cache files. */
    public static final String EXTENSION = ".emb";

    static final byte[] MAGIC = "OMNIEMBC".getBytes(StandardCharsets.US_ASCII);
    private static final int FIXED_HEADER_BYTES = MAGIC.length + 3 * Integer.BYTES;
    private static final int MAX_ID_BYTES = 4096;
    private static final int READ_CHUNK_BYTES = 1 << 20;
    private static final Map<Path, Object> FILE_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final String encoderId;
    private final int dimension;
    private final int recordBytes;
    private final long recordsStart;
    private final Consumer<String> warnings;
    private final Object fileLock;
    private final Map<TextHash, Long> index = new ConcurrentHashMap<>();
    private volatile FileChannel channel;
    private volatile boolean closed;

    private EmbeddingCache(
            Path file,
            String encoderId,
            int dimension,
            long recordsStart,
            FileChannel channel,
            Consumer<String> warnings) {
        this.file = file;
        this.encoderId = encoderId;
        this.dimension = dimension;
        this.recordBytes = recordBytes(dimension);
        this.recordsStart = recordsStart;
        this.channel = channel;
        this.warnings = warnings;
        this.fileLock = FILE_LOCKS.computeIfAbsent(file, f -> new Object());
    }

    /** Opens (creating if needed) the cache of {@code encoderId} in {@link #defaultDirectory()}. */
    public static EmbeddingCache open(String encoderId, int dimension) {
        return open(defaultDirectory(), encoderId, dimension);
    }

    /** Opens (creating if needed) the cache of {@code encoderId} in {@code directory}; warnings go to stderr. */
    public static EmbeddingCache open(Path directory, String encoderId, int dimension) {
        return open(directory, encoderId, dimension, message -> System.err.println("omni-reward: " + message));
    }

    /**
     * Opens (creating if needed) the cache of {@code encoderId} in {@code directory}.
     *
     * @param warnings receives one line per problem that was worked around (torn or corrupt records)
     * @throws NonRetriableException if the file cannot be used: another encoder's, another dimension,
     *     a newer format, not a cache file, or unreadable
     */
    public static EmbeddingCache open(Path directory, String encoderId, int dimension, Consumer<String> warnings) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(warnings, "warnings");
        if (encoderId == null || encoderId.isBlank()) {
            throw new IllegalArgumentException("encoder id must not be blank");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        Path file = fileFor(directory, encoderId);
        try {
            Files.createDirectories(directory);
            if (!Files.exists(file)) {
                create(file, encoderId, dimension);
            }
            file = file.toRealPath();
        } catch (IOException e) {
            throw new NonRetriableException("cannot create embedding cache " + file + ": " + e, e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long recordsStart = checkHeader(file, channel, encoderId, dimension);
            EmbeddingCache cache = new EmbeddingCache(file, encoderId, dimension, recordsStart, channel, warnings);
            cache.loadIndex();
            return cache;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new NonRetriableException("cannot read embedding cache " + file + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The cache directory of this JVM: {@link EmbeddingCacheLocation#directory()}. */
    public static Path defaultDirectory() {
        return EmbeddingCacheLocation.directory();
    }

    /**
     * The cache file of {@code encoderId} in {@code directory}: the id itself as the name when it is a
     * safe file name, otherwise the id with unsafe characters replaced and a short hash of the id
     * appended (so that two ids never share a file).
     */
    public static Path fileFor(Path directory, String encoderId) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < encoderId.length(); i++) {
            char c = encoderId.charAt(i);
            boolean safe = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '_'
                    || c == '@'
                    || c == '+'
                    || c == '.' && i > 0;
            name.append(safe ? c : '_');
        }
        if (!name.toString().equals(encoderId) || name.length() > 100) {
            String safe = name.length() > 100 ? name.substring(0, 100) : name.toString();
            name.setLength(0);
            name.append(safe).append('-').append(Sha256.hex(encoderId), 0, 12);
        }
        return directory.resolve(name + EXTENSION);
    }

    /** The id of the encoder whose vectors this file holds. */
    public String encoderId() {
        return encoderId;
    }

    /** The length of every vector in this file. */
    public int dimension() {
        return dimension;
    }

    /** The cache file. */
    public Path file() {
        return file;
    }

    /** How many vectors this instance can serve (those in the file when opened plus those it wrote). */
    public int size() {
        return index.size();
    }

    /** Whether the vector of {@code key} is here. */
    public boolean contains(TextHash key) {
        return index.containsKey(key);
    }

    /**
     * The vector stored for {@code key} (a new array), or {@code null} when there is none. A record
     * that turns out to be damaged, or a read that fails, counts as a miss (with a warning).
     */
    public float[] get(TextHash key) {
        ensureOpen();
        Long offset = index.get(key);
        if (offset == null) {
            return null;
        }
        ByteBuffer record = ByteBuffer.allocate(recordBytes);
        try {
            try {
                readFully(channel, record, offset);
            } catch (ClosedChannelException e) {
                // this or another thread was interrupted during a read, which closes the channel
                ensureOpen();
                reopenAfterInterrupt();
                if (Thread.currentThread().isInterrupted()) {
                    return null;
                }
                record.clear();
                readFully(channel, record, offset);
            }
        } catch (IOException e) {
            warnings.accept(
                    "cannot read embedding cache " + file + " at byte " + offset + ": " + e + "; encoding again");
            return null;
        }
        if (!validRecord(record.array())
                || !TextHash.fromBytes(Arrays.copyOf(record.array(), TextHash.BYTES))
                        .equals(key)) {
            warnings.accept(
                    "embedding cache " + file + ": the record at byte " + offset + " is damaged; encoding again");
            index.remove(key, offset);
            return null;
        }
        record.position(TextHash.BYTES);
        float[] vector = new float[dimension];
        record.asFloatBuffer().get(vector);
        return vector;
    }

    /**
     * Appends the vectors of the keys not yet here (the first of duplicate keys wins).
     *
     * @return how many records were written
     * @throws IllegalArgumentException if the lists differ in size, or a vector has the wrong
     *     length or a non-finite value (nothing is written then)
     * @throws NonRetriableException if the file cannot be written
     */
    public int putAll(List<TextHash> keys, List<float[]> vectors) {
        if (keys.size() != vectors.size()) {
            throw new IllegalArgumentException(keys.size() + " keys but " + vectors.size() + " vectors");
        }
        for (int i = 0; i < vectors.size(); i++) {
            float[] vector = vectors.get(i);
            if (vector == null || vector.length != dimension) {
                throw new IllegalArgumentException("vector " + i + " has " + (vector == null ? "no" : vector.length)
                        + " values; the cache of " + encoderId + " holds vectors of " + dimension);
            }
            for (float x : vector) {
                if (!Float.isFinite(x)) {
                    throw new IllegalArgumentException(
                            "vector " + i + " has a non-finite value (" + x + "); not cached");
                }
            }
        }
        synchronized (fileLock) {
            ensureOpen();
            List<Integer> fresh = new ArrayList<>();
            java.util.Set<TextHash> seen = new java.util.HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                TextHash key = Objects.requireNonNull(keys.get(i), "key");
                if (!index.containsKey(key) && seen.add(key)) {
                    fresh.add(i);
                }
            }
            if (fresh.isEmpty()) {
                return 0;
            }
            ByteBuffer buffer = ByteBuffer.allocate(fresh.size() * recordBytes);
            for (int i : fresh) {
                writeRecord(buffer, keys.get(i), vectors.get(i));
            }
            buffer.flip();
            for (int attempt = 1; ; attempt++) {
                buffer.rewind();
                try {
                    long end = appendLocked(buffer);
                    for (int n = 0; n < fresh.size(); n++) {
                        index.putIfAbsent(keys.get(fresh.get(n)), end + (long) n * recordBytes);
                    }
                    return fresh.size();
                } catch (ClosedChannelException e) {
                    // an interrupted reader closed the channel: reopen and try once more, unless we are the interrupted
                    // one
                    reopenAfterInterrupt();
                    if (attempt > 1 || Thread.currentThread().isInterrupted()) {
                        throw new NonRetriableException("writing embedding cache " + file + " was interrupted", e);
                    }
                } catch (IOException e) {
                    throw new NonRetriableException("cannot write embedding cache " + file + ": " + e, e);
                }
            }
        }
    }

    /** Flushes the file to disk and closes it; later calls fail. */
    @Override
    public void close() {
        synchronized (fileLock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.force(false);
            } catch (IOException e) {
                warnings.accept("cannot flush embedding cache " + file + ": " + e);
            }
            closeQuietly(channel);
        }
    }

    @Override
    public String toString() {
        return "EmbeddingCache[" + file + ", " + encoderId + ", d=" + dimension + ", " + index.size() + " vectors]";
    }

    static int recordBytes(int dimension) {
        return TextHash.BYTES + Float.BYTES * dimension + Integer.BYTES;
    }

    private static void create(Path file, String encoderId, int dimension) throws IOException {
        byte[] id = encoderId.getBytes(StandardCharsets.UTF_8);
        if (id.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("encoder id is longer than " + MAX_ID_BYTES + " bytes");
        }
        ByteBuffer header = ByteBuffer.allocate(FIXED_HEADER_BYTES + id.length);
        header.put(MAGIC)
                .putInt(FORMAT_VERSION)
                .putInt(dimension)
                .putInt(id.length)
                .put(id);
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.write(temp, header.array());
            try {
                Files.createLink(file, temp); // atomic, and fails rather than replace a file another process made
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (IOException | UnsupportedOperationException e) {
                Files.move(temp, file); // a file system without hard links
            }
        } catch (FileAlreadyExistsException e) {
            // another process created it meanwhile: use theirs
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Checks the header against what the caller expects; returns where the records start. */
    private static long checkHeader(Path file, FileChannel channel, String encoderId, int dimension)
            throws IOException {
        long size = channel.size();
        String refuse = "refusing embedding cache " + file + ": ";
        String remedy = "; delete it or choose another cache directory (system property " + DIRECTORY_PROPERTY
                + " or environment variable " + DIRECTORY_ENV + ")";
        if (size < FIXED_HEADER_BYTES) {
            throw new NonRetriableException(
                    refuse + "it has " + size + " bytes, too short for the header of a cache file" + remedy);
        }
        ByteBuffer fixed = ByteBuffer.allocate(FIXED_HEADER_BYTES);
        readFully(channel, fixed, 0);
        byte[] magic = new byte[MAGIC.length];
        fixed.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new NonRetriableException(refuse + "it is not an omni-reward embedding cache (no "
                    + new String(MAGIC, StandardCharsets.US_ASCII) + " header)" + remedy);
        }
        int version = fixed.getInt();
        int fileDimension = fixed.getInt();
        int idBytes = fixed.getInt();
        if (version > FORMAT_VERSION) {
            throw new NonRetriableException(refuse + "it was written in format version " + version
                    + " by a newer omni-reward; this version reads format " + FORMAT_VERSION + " and older" + remedy);
        }
        if (version < 1
                || fileDimension < 1
                || idBytes < 1
                || idBytes > MAX_ID_BYTES
                || FIXED_HEADER_BYTES + idBytes > size) {
            throw new NonRetriableException(refuse + "its header is damaged (version " + version + ", dimension "
                    + fileDimension + ", id length " + idBytes + ")" + remedy);
        }
        ByteBuffer id = ByteBuffer.allocate(idBytes);
        readFully(channel, id, FIXED_HEADER_BYTES);
        String fileId = new String(id.array(), StandardCharsets.UTF_8);
        if (!fileId.equals(encoderId) || fileDimension != dimension) {
            throw new NonRetriableException(refuse + "it holds vectors of encoder '" + fileId + "' (dimension "
                    + fileDimension + "), not of '" + encoderId + "' (dimension " + dimension + ")" + remedy);
        }
        return FIXED_HEADER_BYTES + (long) idBytes;
    }

    private void loadIndex() throws IOException {
        long size = channel.size();
        long complete = (size - recordsStart) / recordBytes;
        int perChunk = Math.max(1, READ_CHUNK_BYTES / recordBytes);
        ByteBuffer chunk = ByteBuffer.allocate(perChunk * recordBytes);
        byte[] record = new byte[recordBytes];
        long damaged = 0;
        long duplicates = 0;
        for (long first = 0; first < complete; first += perChunk) {
            int count = (int) Math.min(perChunk, complete - first);
            long chunkStart = recordsStart + first * recordBytes;
            chunk.clear().limit(count * recordBytes);
            readFully(channel, chunk, chunkStart);
            for (int r = 0; r < count; r++) {
                chunk.get(record);
                if (!validRecord(record)) {
                    damaged++;
                    continue;
                }
                TextHash key = TextHash.fromBytes(Arrays.copyOf(record, TextHash.BYTES));
                if (index.putIfAbsent(key, chunkStart + (long) r * recordBytes) != null) {
                    duplicates++;
                }
            }
        }
        long tail = size - recordsStart - complete * recordBytes;
        if (damaged > 0) {
            warnings.accept(
                    "embedding cache " + file + ": ignoring " + damaged + " damaged record(s) (checksum mismatch)");
        }
        if (tail > 0) {
            warnings.accept("embedding cache " + file + ": ignoring a truncated last record (" + tail
                    + " bytes, left by an interrupted write); the next write cuts it off");
        }
        if (duplicates > 0 && duplicates * 10 > complete) {
            warnings.accept(
                    "embedding cache " + file + ": " + duplicates + " duplicate records (written by concurrent runs)");
        }
    }

    /** Under an exclusive lock on the file: cuts off a torn tail, appends {@code buffer}; returns where it went. */
    private long appendLocked(ByteBuffer buffer) throws IOException {
        FileLock lock = channel.lock();
        try {
            long end = cutTornTail();
            long position = end;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            return end;
        } finally {
            if (lock.isValid()) {
                lock.release();
            }
        }
    }

    /** Under the file lock: cuts off a partial record at the end; returns where the next record goes. */
    private long cutTornTail() throws IOException {
        long size = channel.size();
        long end = recordsStart + (size - recordsStart) / recordBytes * recordBytes;
        if (end != size) {
            warnings.accept(
                    "embedding cache " + file + ": cutting off a truncated last record (" + (size - end) + " bytes)");
            channel.truncate(end);
        }
        return end;
    }

    private void writeRecord(ByteBuffer buffer, TextHash key, float[] vector) {
        int start = buffer.position();
        buffer.put(key.toBytes());
        for (float x : vector) {
            buffer.putFloat(x);
        }
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), start, buffer.position() - start);
        buffer.putInt((int) crc.getValue());
    }

    private boolean validRecord(byte[] record) {
        CRC32 crc = new CRC32();
        int payload = recordBytes - Integer.BYTES;
        crc.update(record, 0, payload);
        return (int) crc.getValue()
                == ByteBuffer.wrap(record, payload, Integer.BYTES).getInt();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += read;
        }
        buffer.flip();
    }

    /** An interrupted thread closes a FileChannel for everyone; open it again for the other threads. */
    private void reopenAfterInterrupt() {
        synchronized (fileLock) {
            if (!closed && !channel.isOpen()) {
                boolean interrupted = Thread.interrupted();
                try {
                    channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } catch (IOException e) {
                    warnings.accept("cannot reopen embedding cache " + file + ": " + e);
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("embedding cache " + file + " is closed");
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing after a failure; the failure is what gets reported
            }
        }
    }
}
