package org.pmdi.viewer.compare;

import java.io.IOException;
import java.nio.file.Path;
import org.pmdi.analysis.diff.DiffReport;

/**
 * Compares two saved traces (any thread; may take seconds). The viewer uses
 * {@link #engine()}, trace-analysis's comparison; tests pass their own.
 */
@FunctionalInterface
public interface Comparer {
    DiffReport compare(Path base, Path neu) throws IOException;

    /** trace-analysis's comparison with its default settings. */
    static Comparer engine() {
        return (base, neu) -> {
            throw new IOException("this build has no comparison engine (org.pmdi.analysis.diff.TraceDiff) yet");
        };
    }
}
