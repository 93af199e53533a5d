package org.omnireward.explore;

import org.omnireward.core.Task;

/**
 * What the dataset list shows: each null field matches everything.
 *
 * @param task one task
 * @param category one source category
 * @param split one split
 * @param label {@code tie}, {@code decisive} or {@code invalid}
 * @param text searched (case-insensitive) in id, prompt, criterion and text responses
 */
public record ItemFilter(Task task, String category, String split, String label, String text) {}
