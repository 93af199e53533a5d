package org.omnireward.data.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.omnireward.core.Task;

/**
 * Streams one task's records across its files (in the given order) as {@link LoadedEntry}s: numbers
 * them, maps them to samples, flags ids seen before in the task, and turns unreadable records into
 * {@link LoadedEntry.Invalid} entries. Holds at most one open file.
 */
final class TaskEntryIterator implements Iterator<LoadedEntry>, AutoCloseable {

    private final Task task;
    private final List<InputFile> files;
    private final OmniRecordMapper omniMapper;
    private final LlamaFactoryMapper lfMapper;
    private final MediaObserver observer;
    private final Map<String, Origin> firstSeen = new HashMap<>();
    private int fileIndex;
    private InputFile currentFile;
    private RecordReader reader;
    private int index;
    private LoadedEntry next;

    TaskEntryIterator(
            Task task,
            List<InputFile> files,
            OmniRecordMapper omniMapper,
            LlamaFactoryMapper lfMapper,
            MediaObserver observer) {
        this.task = task;
        this.files = files;
        this.omniMapper = omniMapper;
        this.lfMapper = lfMapper;
        this.observer = observer;
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            if (reader == null) {
                if (fileIndex >= files.size()) {
                    return false;
                }
                currentFile = files.get(fileIndex++);
                reader = currentFile.open();
            }
            if (reader.hasNext()) {
                next = toEntry(reader.next());
            } else {
                reader.close();
                reader = null;
            }
        }
        return true;
    }

    @Override
    public LoadedEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        LoadedEntry e = next;
        next = null;
        return e;
    }

    private LoadedEntry toEntry(RawItem item) {
        Path file = currentFile.file();
        Origin origin = new Origin(file, item.record());
        String fallbackId = file.getFileName() + "#" + item.record();
        if (item instanceof RawItem.Unreadable u) {
            return new LoadedEntry.Invalid(fallbackId, task, null, u.reason(), origin, index++);
        }
        RawItem.Row row = (RawItem.Row) item;
        Mapped m = currentFile.entry() == null
                ? omniMapper.map(row.fields(), task, observer)
                : lfMapper.map(row.fields(), currentFile.entry(), file, row.record(), observer);
        List<String> problems = new ArrayList<>(m.problems());
        String id = m.id() == null ? fallbackId : m.id();
        if (m.id() != null) {
            Origin first = firstSeen.putIfAbsent(m.id(), origin);
            if (first != null) {
                problems.add("duplicate id " + m.id() + ", first seen at record " + first.record()
                        + (first.file().equals(file)
                                ? ""
                                : " of " + first.file().getFileName()));
                id = m.id() + "@" + fallbackId; // reported (and counted) on its own, not as the first one
            }
        }
        if (problems.isEmpty()) {
            return new LoadedEntry.Valid(m.sample(), origin, index++);
        }
        return new LoadedEntry.Invalid(id, task, m.label(), String.join("; ", problems), origin, index++);
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
        fileIndex = files.size();
        next = null;
    }
}
