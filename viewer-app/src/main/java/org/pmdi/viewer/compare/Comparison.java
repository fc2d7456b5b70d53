package org.pmdi.viewer.compare;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.pmdi.analysis.diff.DiffReport;
import org.pmdi.analysis.diff.GroupDiff;
import org.pmdi.analysis.diff.GroupKey;
import org.pmdi.viewer.data.OpenedTrace;

/**
 * A finished comparison: the report and both traces opened for their timelines (read-only;
 * closed with this).
 *
 * <pre>{@code
 * try (Comparison c = Comparison.load(base, neu, Comparer.engine(), msg -> {})) {
 *     c.report().significant();
 * }
 * }</pre>
 */
public record Comparison(DiffReport report, OpenedTrace base, OpenedTrace neu) implements Closeable {

    /** Opens both traces and compares them (any thread); {@code progress} hears what it is doing. */
    public static Comparison load(Path base, Path neu, Comparer comparer, Consumer<String> progress)
            throws IOException {
        progress.accept("Opening " + base.getFileName() + " …");
        OpenedTrace b = OpenedTrace.open(base);
        OpenedTrace n = null;
        try {
            progress.accept("Opening " + neu.getFileName() + " …");
            n = OpenedTrace.open(neu);
            progress.accept("Comparing " + base.getFileName() + " with " + neu.getFileName() + " …");
            return new Comparison(comparer.compare(base, neu), b, n);
        } catch (IOException | RuntimeException e) {
            b.close();
            if (n != null) {
                n.close();
            }
            throw e;
        }
    }

    /** The group of {@code key}, if either side has it. */
    public Optional<GroupDiff> group(GroupKey key) {
        return report.groups().stream().filter(g -> g.key().equals(key)).findFirst();
    }

    @Override
    public void close() throws IOException {
        try {
            base.close();
        } finally {
            neu.close();
        }
    }
}
