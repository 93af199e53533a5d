/**
 * {@code data mix}, the one mixture engine: a {@link org.omnireward.data.mix.Recipe} (YAML) names
 * sources and steps; {@link org.omnireward.data.mix.DataMix} streams every record through an on-disk
 * DuckDB table that does the set work (duplicates, length balance, sampling, caps, the split by prompt
 * group), so the Java heap stays flat in the record count.
 */
package org.omnireward.data.mix;
