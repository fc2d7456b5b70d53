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
import org.pmdi.bridge.feed.Subscription;
import org.pmdi.trace.TraceItem;
import org.pmdi.viewer.live.AttachSpec;

/**
 * The viewer's live analysis without a window, for scripts and CI ({@code ./pmdi demo
 * --headless}): attaches like the viewer, records, analyses as items arrive and prints each
 * {@link Transition} (a request stuck, recovered; a finding first seen) with the wall time
 * since the start and the trace time, plus a progress line every 10 s.
 *
 * <pre>{@code
 * java -cp ... org.pmdi.viewer.app.LiveWatch serial:/dev/pts/3@115200 run.pmdt 75
 * }</pre>
 *
 * Exits 0 when the time is up (the caller judges the lines), 2 on bad arguments, 1 when
 * the input cannot be opened.
 */
public final class LiveWatch {
    private static final long SNAPSHOT_EVERY_NS = 250_000_000L;
    private static final long PROGRESS_EVERY_NS = 10_000_000_000L;

    private LiveWatch() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: LiveWatch ATTACH_SPEC RECORDING SECONDS   (e.g. serial:/dev/pts/3@115200)");
            System.exit(2);
        }
        AttachSpec spec;
        double seconds;
        try {
            spec = AttachSpec.parse(args[0]);
            seconds = Double.parseDouble(args[2]);
        } catch (IllegalArgumentException e) {
            System.err.println("pmdi: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(watch(spec, Path.of(args[1]), (long) (seconds * 1e9), System.out));
    }

    static int watch(AttachSpec spec, Path recording, long durationNs, PrintStream out)
            throws IOException, InterruptedException {
        LiveAnalysis live = LiveAnalysis.create(AnalysisConfig.defaults());
        FindingWatch watch = new FindingWatch();
        live.analyzer().addRequestListener(watch);
        out.printf(Locale.ROOT, "watching %s for %.0f s, recording to %s%n", spec.text(), durationNs / 1e9, recording);
        try (Bridge bridge = Bridge.start(spec.transport(), BridgeOptions.defaults().withRecording(recording));
                Subscription feed = bridge.feed().subscribe(1 << 18)) {
            long start = System.nanoTime();
            long nextSnapshot = start;
            long nextProgress = start + PROGRESS_EVERY_NS;
            long now;
            while ((now = System.nanoTime()) - start < durationNs) {
                TraceItem item = feed.poll(Duration.ofMillis(20));
                for (; item != null; item = feed.poll()) {
                    live.accept(item);
                }
                if (now >= nextSnapshot) {
                    nextSnapshot = now + SNAPSHOT_EVERY_NS;
                    AnalysisSnapshot s = live.snapshot();
                    for (Transition t : watch.update(s)) {
                        out.printf(Locale.ROOT, "%7.1f s wall %s%n", (now - start) / 1e9, t.line());
                    }
                }
                if (now >= nextProgress) {
                    nextProgress += PROGRESS_EVERY_NS;
                    out.printf(Locale.ROOT, "%7.1f s wall   progress: %s%n", (now - start) / 1e9,
                            progress(bridge.stats(), feed.dropped(), live.snapshot()));
                }
            }
            out.printf(Locale.ROOT, "watch ended after %.0f s: %s%n", (System.nanoTime() - start) / 1e9,
                    progress(bridge.stats(), feed.dropped(), live.snapshot()));
        }
        return 0;
    }

    private static String progress(BridgeStats b, long feedDropped, AnalysisSnapshot s) {
        return String.format(Locale.ROOT, "%d events, lost %d, corrupt %d, feed dropped %d, %d requests completed, "
                + "%d stuck now", b.events(), b.lost(), b.corrupt(), feedDropped, s.completed(), s.stuck().size());
    }
}
