package org.omnireward.data.benchmark;

import java.nio.file.Path;
import java.util.List;
import org.omnireward.core.Task;

/**
 * One sharegpt ranking entry of a LLaMA-Factory {@code dataset_info.json}: its name, the task its
 * records belong to, its data files and its column and tag mapping (LLaMA-Factory's defaults when
 * not declared).
 */
record LlamaFactoryEntry(String name, Task task, List<Path> files, Columns columns, Tags tags) {

    /** Record keys of each part. {@code system} is null unless declared. */
    record Columns(String messages, String chosen, String rejected, String system, String images, String videos,
            String audios) {
        static Columns defaults() {
            return new Columns("conversations", "chosen", "rejected", null, "images", "videos", "audios");
        }
    }

    /** Message keys and role values. */
    record Tags(String role, String content, String user, String assistant, String system) {
        static Tags defaults() {
            return new Tags("from", "value", "human", "gpt", "system");
        }
    }
}
