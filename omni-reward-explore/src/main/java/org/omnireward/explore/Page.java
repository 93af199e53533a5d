package org.omnireward.explore;

import java.util.List;

/**
 * One page of a filtered list and how many rows match in all.
 *
 * @param rows the rows of this page
 * @param total rows matching the filter
 * @param offset the first row's position among them
 * @param limit the page size
 */
public record Page<T>(List<T> rows, long total, int offset, int limit) {

    public Page {
        rows = List.copyOf(rows);
    }
}
