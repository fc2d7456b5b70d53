package org.pmdi.bridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.pmdi.bridge.Bridge;
import org.pmdi.bridge.BridgeOptions;
import org.pmdi.bridge.BridgeStats;
import org.pmdi.bridge.ReconnectPolicy;
import org.pmdi.bridge.feed.Delivery;
import org.pmdi.bridge.feed.LiveFeed;
import org.pmdi.bridge.transport.Transport;

/**
 * Runs one attach or record session for the CLI: starts the bridge, prints progress, stops
 * on the input's end, after a duration, or on Ctrl-C (the recording is then finished with its
 * index and trailer), and prints a summary.
 *
 * <pre>{@code
 * int exit = Session.run(transport, Path.of("out.pmdt"), options, System.out, System.err);
 * }</pre>
 */
final class Session {
    private Session() {
    }

    /** Session settings from the command line. */
    record Settings(Path recording, boolean reconnect, long flushMs, double durationSeconds, boolean quiet,
            boolean printEvents, long progressMs) {
    }

    static int run(Transport transport, Settings s, PrintStream out, PrintStream err) {
        BridgeOptions o = BridgeOptions.defaults().withRecording(s.recording())
                .withFlushInterval(Duration.ofMillis(s.flushMs()))
                .withReconnect(s.reconnect() ? ReconnectPolicy.standard() : ReconnectPolicy.never());
        Bridge bridge;
        long t0 = System.nanoTime();
        LiveFeed feed = LiveFeed.create();
        // subscribed before the reader starts, so that a file's first events are printed too
        Delivery printer = s.printEvents() ? EventPrinter.subscribe(feed, transport, out) : null;
        try {
            bridge = Bridge.start(transport, o, feed);
        } catch (IOException e) {
            feed.close();
            err.println("pmdi: cannot record to " + org.pmdi.trace.file.IoWords.line(s.recording(), e));
            return 1;
        }
        Thread hook = new Thread(() -> closeQuietly(bridge, err), "pmdi-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ProgressPrinter progress = s.quiet() ? null
                : ProgressPrinter.start(bridge, err, s.progressMs(), System.console() != null);
        try {
            Duration d = s.durationSeconds() > 0 ? Duration.ofMillis((long) (s.durationSeconds() * 1000))
                    : Duration.ofDays(365);
            bridge.awaitEnd(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (progress != null) {
                progress.close();
            }
            if (printer != null) {
                EventPrinter.finish(printer);
            }
        }
        boolean ok = closeQuietly(bridge, err);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
        BridgeStats st = bridge.stats();
        err.println(ProgressLine.format(transport.describe(), st, BridgeStats.initial(), (System.nanoTime() - t0) / 1e9));
        if (s.recording() != null) {
            err.println("pmdi: recorded " + s.recording());
        }
        if (st.bytes() == 0 && st.lastError() != null) {
            err.println("pmdi: " + transport.describe() + ": " + st.lastError());
            return 1;
        }
        if (st.formatRefusal() != null) {
            err.println("pmdi: " + transport.describe() + ": " + st.formatRefusal());
            return 1;
        }
        return ok ? 0 : 1;
    }

    private static boolean closeQuietly(Bridge b, PrintStream err) {
        try {
            b.close();
            return true;
        } catch (IOException e) {
            err.println("pmdi: finishing the recording failed: " + e.getMessage());
            return false;
        }
    }
}
