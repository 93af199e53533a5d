package org.omnireward.data.benchmark;

import java.util.List;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;

/**
 * What a record mapper made of one record: the sample, or the problems that stop it being one.
 *
 * @param id the id when it could be read, else null
 * @param label the label when it could be read, else null
 * @param sample the sample when there are no problems, else null
 * @param problems what is wrong, each naming its field; empty for a valid record
 */
record Mapped(String id, Preference label, PreferenceSample sample, List<String> problems) {}
