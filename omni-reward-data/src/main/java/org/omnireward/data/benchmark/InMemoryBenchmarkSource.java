package org.omnireward.data.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Task;

/**
 * A {@link BenchmarkSource} over entries held in memory, for tests, performance benchmarks and
 * callers that build samples in code. Entries keep the order they were added in; each entry's
 * {@link LoadedEntry#index()} is its position among the entries of its task, and its {@link Origin}
 * names a virtual file {@code <dataDir>/<long task name>.json}.
 */
public final class InMemoryBenchmarkSource implements BenchmarkSource {

    private final Path dataDir;
    private final Path mediaRoot;
    private final BenchmarkFormat format;
    private final Map<Task, List<LoadedEntry>> entries;

    private InMemoryBenchmarkSource(Builder b) {
        this.dataDir = b.dataDir;
        this.mediaRoot = b.mediaRoot == null ? b.dataDir : b.mediaRoot;
        this.format = b.format;
        this.entries = new EnumMap<>(Task.class);
        b.entries.forEach((task, list) -> this.entries.put(task, List.copyOf(list)));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A source holding {@code samples}, in order, under the data folder {@code dataDir}. */
    public static InMemoryBenchmarkSource of(Path dataDir, List<PreferenceSample> samples) {
        Builder b = builder().dataDir(dataDir);
        samples.forEach(b::add);
        return b.build();
    }

    /** The virtual file that holds a task's records. */
    public static Path fileOf(Path dataDir, Task task) {
        return dataDir.resolve(task.longName() + ".json");
    }

    @Override
    public BenchmarkFormat format() {
        return format;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Path mediaRoot() {
        return mediaRoot;
    }

    @Override
    public List<Task> tasks() {
        return List.copyOf(entries.keySet());
    }

    @Override
    public List<Path> files(Task task) {
        return entries.containsKey(task) ? List.of(fileOf(dataDir, task)) : List.of();
    }

    @Override
    public Stream<LoadedEntry> entries(Task task) {
        return entries.getOrDefault(task, List.of()).stream();
    }

    @Override
    public void close() {}

    /** Builds an {@link InMemoryBenchmarkSource}; entries get indexes and origins in the order added. */
    public static final class Builder {
        private Path dataDir = Path.of("in-memory-benchmark").toAbsolutePath();
        private Path mediaRoot;
        private BenchmarkFormat format = BenchmarkFormat.JSON;
        private final Map<Task, List<LoadedEntry>> entries = new EnumMap<>(Task.class);

        private Builder() {}

        /** The folder the source claims to come from (recorded in run files). */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
            return this;
        }

        /** Where media paths resolve; the data folder by default. */
        public Builder mediaRoot(Path dir) {
            this.mediaRoot = dir;
            return this;
        }

        /** The format the source reports; {@link BenchmarkFormat#JSON} by default. */
        public Builder format(BenchmarkFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /** Adds a valid record. */
        public Builder add(PreferenceSample sample) {
            Task task = sample.task();
            List<LoadedEntry> list = list(task);
            list.add(new LoadedEntry.Valid(sample, origin(task, list.size()), list.size()));
            return this;
        }

        /** Adds an invalid record; {@code label} may be null when it could not be read. */
        public Builder addInvalid(String id, Task task, Preference label, String reason) {
            List<LoadedEntry> list = list(task);
            list.add(new LoadedEntry.Invalid(id, task, label, reason, origin(task, list.size()), list.size()));
            return this;
        }

        public InMemoryBenchmarkSource build() {
            return new InMemoryBenchmarkSource(this);
        }

        private List<LoadedEntry> list(Task task) {
            return entries.computeIfAbsent(Objects.requireNonNull(task, "task"), t -> new ArrayList<>());
        }

        private Origin origin(Task task, int index) {
            return new Origin(fileOf(dataDir, task), index + 1L);
        }
    }
}
