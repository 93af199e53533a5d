package org.omnireward.data.benchmark;

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

    /**
     * Inputs that were found but belong to no task and so appear in no {@link #entries(Task)} stream:
     * e.g. a LLaMA-Factory entry whose name names no task while no task was given, or one that is
     * not a sharegpt ranking entry. They are reported here so that nothing is silently lost.
     */
    default List<SkippedInput> skipped() {
        return List.of();
    }

    @Override
    void close();
}
