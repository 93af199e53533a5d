package org.omnireward.bench.load;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.omnireward.core.Task;

/**
 * An opened benchmark. Samples are streamed task by task in file order; media are referenced, not
 * read, so memory stays flat however large the benchmark is. Close the source (and each stream).
 */
public interface BenchmarkSource extends AutoCloseable {

    /** The layout that was detected or forced. */
    BenchmarkFormat format();

    /** The folder the user gave. */
    Path dataDir();

    /** Where relative media paths resolve. */
    Path mediaRoot();

    /** The tasks found, in {@link Task} order. */
    List<Task> tasks();

    /** The files that hold a task's records (for messages). */
    List<Path> files(Task task);

    /**
     * Streams the records of one task in file order. Bad records come as {@link LoadedEntry.Invalid},
     * never as exceptions; an unreadable file yields one invalid entry saying so. Close the stream.
     */
    Stream<LoadedEntry> entries(Task task);

    @Override
    void close();
}
