package org.pmdi.viewer.compare;

import java.io.IOException;
import java.nio.file.Path;
import org.pmdi.analysis.diff.DiffConfig;
import org.pmdi.analysis.diff.DiffReport;
import org.pmdi.analysis.diff.TraceDiff;

/**
 * Compares two saved traces (any thread; may take seconds). The viewer uses
 * {@link #engine()}, trace-analysis's comparison; tests pass their own.
 */
@FunctionalInterface
public interface Comparer {
    DiffReport compare(Path base, Path neu) throws IOException;

    /** trace-analysis's comparison with its default settings. */
    static Comparer engine() {
        return (base, neu) -> TraceDiff.compare(base, neu, DiffConfig.defaults());
    }
}
