package org.omnireward.spark;

import java.io.Serializable;
import java.util.List;

/**
 * A slice of one task's records for one partition of {@code spark bench}: their positions in
 * benchmark-file order and, for each, the settings whose lines are still to write.
 *
 * @param number the chunk's number in this run (its file name)
 * @param task the task's short id
 * @param indexes positions of the records, ascending
 * @param settings per record, the wire names of the settings to write
 */
record BenchChunk(int number, String task, int[] indexes, List<List<String>> settings) implements Serializable {

    /** Collects one task's records in order. */
    static final class Builder {
        final org.omnireward.core.Task task;
        final java.util.List<Integer> indexes = new java.util.ArrayList<>();
        final java.util.List<List<String>> settings = new java.util.ArrayList<>();

        Builder(org.omnireward.core.Task task) {
            this.task = task;
        }

        void add(int index, List<String> needed) {
            indexes.add(index);
            settings.add(List.copyOf(needed));
        }

        BenchChunk chunk(int number, int from, int to) {
            int[] idx = new int[to - from];
            for (int i = from; i < to; i++) {
                idx[i - from] = indexes.get(i);
            }
            return new BenchChunk(number, task.id(), idx, new java.util.ArrayList<>(settings.subList(from, to)));
        }
    }
}
