package org.omnireward.data.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.omnireward.core.Task;

/** A benchmark on disk in one of the {@link BenchmarkFormat}s, as opened by {@link BenchmarkLoader}. */
final class FileBenchmarkSource implements BenchmarkSource {

    private final Path dataDir;
    private final Path mediaRoot;
    private final LayoutDetector.Layout layout;
    private final OmniRecordMapper omniMapper;
    private final LlamaFactoryMapper lfMapper;
    private final Set<TaskEntryIterator> open = Collections.newSetFromMap(new IdentityHashMap<>());

    FileBenchmarkSource(Path dataDir, Path mediaRoot, LayoutDetector.Layout layout, long seed) {
        this.dataDir = dataDir;
        this.mediaRoot = mediaRoot;
        this.layout = layout;
        MediaResolver media = new MediaResolver(mediaRoot, dataDir);
        this.omniMapper = new OmniRecordMapper(media);
        this.lfMapper = new LlamaFactoryMapper(media, seed);
    }

    @Override
    public BenchmarkFormat format() {
        return layout.format();
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
        return List.copyOf(layout.files().keySet());
    }

    @Override
    public List<Path> files(Task task) {
        return layout.files().getOrDefault(task, List.of()).stream()
                .map(InputFile::file)
                .distinct()
                .toList();
    }

    @Override
    public List<SkippedInput> skipped() {
        return layout.skipped();
    }

    @Override
    public Stream<LoadedEntry> entries(Task task) {
        return entries(task, MediaObserver.NONE);
    }

    /** Like {@link #entries(Task)}, telling {@code observer} about every media reference resolved. */
    Stream<LoadedEntry> entries(Task task, MediaObserver observer) {
        List<InputFile> files = layout.files().getOrDefault(task, List.of());
        TaskEntryIterator it = new TaskEntryIterator(task, files, omniMapper, lfMapper, observer);
        synchronized (open) {
            open.add(it);
        }
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> {
                    it.close();
                    synchronized (open) {
                        open.remove(it);
                    }
                });
    }

    @Override
    public void close() {
        List<TaskEntryIterator> toClose;
        synchronized (open) {
            toClose = new ArrayList<>(open);
            open.clear();
        }
        toClose.forEach(TaskEntryIterator::close);
    }

    @Override
    public String toString() {
        Map<Task, List<InputFile>> f = layout.files();
        return "benchmark " + dataDir + " (" + layout.format() + ", tasks " + f.keySet() + ", media root " + mediaRoot
                + ")";
    }
}
