package org.pmdi.viewer.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.LiveAnalysis;
import org.pmdi.analysis.live.FindingWatch;
import org.pmdi.analysis.live.Transition;
import org.pmdi.bridge.Bridge;
import org.pmdi.bridge.BridgeOptions;
import org.pmdi.bridge.BridgeStats;
import org.pmdi.bridge.feed.LiveFeed;
import org.pmdi.bridge.feed.Subscription;
import org.pmdi.trace.TraceItem;
import org.pmdi.viewer.live.AttachSpec;

/**
 * The viewer's live analysis without a window, for scripts and CI ({@code ./pmdi demo
 * --headless}): attaches like the viewer, records, analyses as items arrive and prints each
 * {@link Transition} (a request stuck, recovered; a finding first seen) with the wall time
 * since the first trace item and the trace time, plus a progress line every 10 s.
 *
 * <pre>{@code
 * java -cp ... org.pmdi.viewer.app.LiveWatch serial:/dev/pts/3@115200 run.pmdt 75 [300]
 * }</pre>
 *
 * Watches for SECONDS from the first trace item (a board may take minutes to boot on a busy
 * host; the time that matters is the trace's), waiting up to WAIT seconds (default 300) for
 * it. Exits 0 when the time is up (the caller judges the lines), 3 when no trace item came
 * within WAIT, 2 on bad arguments.
 */
public final class LiveWatch {
    private static final long SNAPSHOT_EVERY_NS = 250_000_000L;
    private static final long PROGRESS_EVERY_NS = 10_000_000_000L;
    /** Exit status when the stream stayed silent. */
    static final int NO_TRACE = 3;

    private LiveWatch() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: LiveWatch ATTACH_SPEC RECORDING SECONDS [WAIT_SECONDS]"
                    + "   (e.g. serial:/dev/pts/3@115200)");
            System.exit(2);
        }
        AttachSpec spec;
        double seconds;
        double wait;
        try {
            spec = AttachSpec.parse(args[0]);
            seconds = Double.parseDouble(args[2]);
            wait = args.length == 4 ? Double.parseDouble(args[3]) : 300;
        } catch (IllegalArgumentException e) {
            System.err.println("pmdi: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(watch(spec, Path.of(args[1]), (long) (seconds * 1e9), (long) (wait * 1e9), System.out));
    }

    static int watch(AttachSpec spec, Path recording, long durationNs, long waitNs, PrintStream out)
            throws IOException, InterruptedException {
        LiveAnalysis live = LiveAnalysis.create(AnalysisConfig.defaults());
        FindingWatch watch = new FindingWatch();
        live.analyzer().addRequestListener(watch);
        out.printf(Locale.ROOT, "watching %s for %.0f s from its first trace item, recording to %s%n", spec.text(),
                durationNs / 1e9, recording);
        LiveFeed items = LiveFeed.create();
        // subscribed before the reader starts: a file's header and first events are not missed
        try (Subscription feed = items.subscribe(1 << 18);
                Bridge bridge = startOrClose(spec, recording, items)) {
            long attached = System.nanoTime();
            long start = 0;
            boolean started = false;
            long nextSnapshot = 0;
            long nextProgress = 0;
            for (;;) {
                long now = System.nanoTime();
                if (started ? now - start >= durationNs : now - attached >= waitNs) {
                    break;
                }
                for (TraceItem item = feed.poll(Duration.ofMillis(20)); item != null; item = feed.poll()) {
                    if (!started) {
                        started = true;
                        start = now;
                        nextSnapshot = now;
                        nextProgress = now + PROGRESS_EVERY_NS;
                        out.printf(Locale.ROOT, "first trace item %.1f s after attaching%n", (now - attached) / 1e9);
                    }
                    live.accept(item);
                }
                if (started && now >= nextSnapshot) {
                    nextSnapshot = now + SNAPSHOT_EVERY_NS;
                    for (Transition t : watch.update(live.snapshot())) {
                        out.printf(Locale.ROOT, "%7.1f s wall %s%n", (now - start) / 1e9, t.line());
                    }
                }
                if (started && now >= nextProgress) {
                    nextProgress += PROGRESS_EVERY_NS;
                    out.printf(Locale.ROOT, "%7.1f s wall   progress: %s%n", (now - start) / 1e9,
                            progress(bridge.stats(), feed.dropped(), live.snapshot()));
                }
            }
            if (!started) {
                out.printf(Locale.ROOT, "no trace item within %.0f s of attaching%n", waitNs / 1e9);
                return NO_TRACE;
            }
            out.printf(Locale.ROOT, "watch ended after %.0f s: %s%n", (System.nanoTime() - start) / 1e9,
                    progress(bridge.stats(), feed.dropped(), live.snapshot()));
        }
        return 0;
    }

    private static Bridge startOrClose(AttachSpec spec, Path recording, LiveFeed items) throws IOException {
        try {
            return Bridge.start(spec.transport(), BridgeOptions.defaults().withRecording(recording), items);
        } catch (IOException e) {
            items.close();
            throw e;
        }
    }

    private static String progress(BridgeStats b, long feedDropped, AnalysisSnapshot s) {
        return String.format(Locale.ROOT, "%d events, lost %d, corrupt %d, feed dropped %d, %d requests completed, "
                + "%d stuck now", b.events(), b.lost(), b.corrupt(), feedDropped, s.completed(), s.stuck().size());
    }
}
