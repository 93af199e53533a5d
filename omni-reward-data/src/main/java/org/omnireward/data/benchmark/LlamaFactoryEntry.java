package org.omnireward.data.benchmark;

import java.nio.file.Path;
import java.util.List;
import org.omnireward.core.Task;
import org.omnireward.data.read.SharegptRanking;

/**
 * One sharegpt ranking entry of a LLaMA-Factory {@code dataset_info.json}: its name, the task its
 * records belong to, its data files and its column and tag mapping (LLaMA-Factory's defaults when
 * not declared).
 */
record LlamaFactoryEntry(
        String name, Task task, List<Path> files, SharegptRanking.Columns columns, SharegptRanking.Tags tags) {}
