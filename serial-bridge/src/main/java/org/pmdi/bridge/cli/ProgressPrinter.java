package org.pmdi.bridge.cli;

import java.io.PrintStream;
import org.pmdi.bridge.Bridge;
import org.pmdi.bridge.BridgeStats;

/**
 * Prints a bridge's progress on a named thread ({@code pmdi-progress}): one line rewritten in
 * place on a terminal, one line per period otherwise.
 *
 * <pre>{@code
 * try (ProgressPrinter p = ProgressPrinter.start(bridge, System.err, 500, System.console() != null)) {
 *     ...
 * }
 * }</pre>
 *
 * Period 50..60 000 ms.
 */
public final class ProgressPrinter implements AutoCloseable {
    private final Bridge bridge;
    private final PrintStream out;
    private final long periodMs;
    private final boolean inPlace;
    private final Thread thread;
    private volatile boolean stop;

    private ProgressPrinter(Bridge bridge, PrintStream out, long periodMs, boolean inPlace) {
        this.bridge = bridge;
        this.out = out;
        this.periodMs = periodMs;
        this.inPlace = inPlace;
        this.thread = new Thread(this::run, "pmdi-progress");
        thread.setDaemon(true);
    }

    public static ProgressPrinter start(Bridge bridge, PrintStream out, long periodMs, boolean inPlace) {
        if (bridge == null || out == null) {
            throw new IllegalArgumentException("bridge and out must not be null");
        }
        if (periodMs < 50 || periodMs > 60_000) {
            throw new IllegalArgumentException("periodMs must be 50..60000, was " + periodMs);
        }
        ProgressPrinter p = new ProgressPrinter(bridge, out, periodMs, inPlace);
        p.thread.start();
        return p;
    }

    private void run() {
        BridgeStats before = bridge.stats();
        long t0 = System.nanoTime();
        while (!stop) {
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                break;
            }
            BridgeStats now = bridge.stats();
            long t1 = System.nanoTime();
            print(ProgressLine.format(bridge.transport().describe(), now, before, (t1 - t0) / 1e9));
            before = now;
            t0 = t1;
        }
    }

    private void print(String line) {
        if (inPlace) {
            out.print("\r\033[K" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Stops printing and ends the in-place line. */
    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (inPlace) {
            out.println();
        }
    }
}
