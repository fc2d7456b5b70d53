package org.pmdi.viewer.app;

import java.io.IOException;
import java.nio.file.Path;
import org.pmdi.viewer.data.OpenedTrace;

/**
 * A one-line answer about a saved trace for scripts: {@code TraceInfo events FILE} prints the
 * number of events its index counts (0 for an empty recording).
 */
public final class TraceInfo {
    private TraceInfo() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !args[0].equals("events")) {
            System.err.println("usage: TraceInfo events FILE");
            System.exit(2);
        }
        try (OpenedTrace t = OpenedTrace.open(Path.of(args[1]))) {
            System.out.println(t.totalEvents());
        }
    }
}
