package org.omnireward.bench.run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What happens after the last prediction is written, e.g. computing {@code summary.json} from the
 * run directory. The runner calls it once at the end of a run that was not aborted.
 */
@FunctionalInterface
public interface RunFinisher {

    /** Finishes the run whose files are in {@code runDir}. */
    void finish(Path runDir) throws IOException;

    /** Does nothing. */
    static RunFinisher none() {
        return dir -> {};
    }
}
