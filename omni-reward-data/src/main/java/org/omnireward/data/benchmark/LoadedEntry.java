package org.omnireward.data.benchmark;

import java.util.Optional;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Task;

/**
 * One record read from a benchmark: a valid sample, or an invalid one with the reason. Loaders never
 * throw for a bad record; they yield an {@link Invalid} entry so that runs record it and go on.
 */
public sealed interface LoadedEntry permits LoadedEntry.Valid, LoadedEntry.Invalid {

    /** Where the record is. */
    Origin origin();

    /** 0-based position of the record among the records of its task, in benchmark-file order. */
    int index();

    /** The task the record belongs to. */
    Task task();

    /**
     * The sample id. For invalid records: the id when it could be read, else {@code <file name>#<record>};
     * a repeated id gets {@code @<file name>#<record>} appended, so the repeat is reported and counted
     * on its own instead of being taken for the first occurrence.
     */
    String id();

    /** A record that became a sample. */
    record Valid(PreferenceSample sample, Origin origin, int index) implements LoadedEntry {
        @Override
        public Task task() {
            return sample.task();
        }

        @Override
        public String id() {
            return sample.id();
        }
    }

    /**
     * A record that could not become a sample.
     *
     * @param label the label when it could be read (decides which settings the record counts in)
     * @param reason what is wrong, naming the field
     */
    record Invalid(String id, Task task, Preference label, String reason, Origin origin, int index)
            implements LoadedEntry {
        /** The label, if it could be read. */
        public Optional<Preference> knownLabel() {
            return Optional.ofNullable(label);
        }
    }
}
