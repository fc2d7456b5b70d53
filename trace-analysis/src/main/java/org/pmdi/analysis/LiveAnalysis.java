package org.pmdi.analysis;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.pmdi.analysis.request.Request;
import org.pmdi.trace.TraceItem;

/**
 * A {@link TraceAnalyzer} for a live feed, safe to query from another thread (the viewer's
 * UI timer) while the feed thread pushes items. "Now" keeps moving with the wall clock
 * between events, so a request becomes stuck, and a silent AP is seen, even when nothing
 * arrives any more.
 *
 * <pre>{@code
 * LiveAnalysis live = LiveAnalysis.create(AnalysisConfig.defaults());
 * bridge.feed().subscribe("analysis", 65_536, live);       // a Consumer<TraceItem>
 * // on the UI timer, any thread:
 * AnalysisSnapshot s = live.snapshot();
 * }</pre>
 *
 * Each call takes the analyzer's lock (uncontended: tens of ns), fine for live rates; a
 * file is faster through {@link TraceFiles}. Listeners added through {@link #analyzer()}
 * run on the feed thread, under the lock.
 */
public final class LiveAnalysis implements Consumer<TraceItem> {
    private final TraceAnalyzer analyzer;
    private final LongSupplier wallNanos;
    private long lastEventWall;
    private long lastEventNs = Request.ABSENT;

    private LiveAnalysis(TraceAnalyzer analyzer, LongSupplier wallNanos) {
        this.analyzer = analyzer;
        this.wallNanos = wallNanos;
    }

    /** A live analysis with {@code config} (not null), on {@link System#nanoTime()}. */
    public static LiveAnalysis create(AnalysisConfig config) {
        return create(config, System::nanoTime);
    }

    /** As {@link #create(AnalysisConfig)} with an injectable monotonic wall clock (for tests). */
    public static LiveAnalysis create(AnalysisConfig config, LongSupplier wallNanos) {
        if (wallNanos == null) {
            throw new IllegalArgumentException("wallNanos must not be null");
        }
        return new LiveAnalysis(TraceAnalyzer.create(config), wallNanos);
    }

    /** Feeds one item (feed thread). */
    @Override
    public synchronized void accept(TraceItem item) {
        analyzer.accept(item);
        long now = analyzer.nowNs();
        if (now != lastEventNs) {
            lastEventNs = now;
            lastEventWall = wallNanos.getAsLong();
        }
    }

    /** The state now: the latest event time plus the wall time elapsed since it arrived. */
    public synchronized AnalysisSnapshot snapshot() {
        if (lastEventNs == Request.ABSENT) {
            return analyzer.snapshot();
        }
        return analyzer.snapshot(lastEventNs + Math.max(0, wallNanos.getAsLong() - lastEventWall));
    }

    /**
     * Runs {@code action} with the analyzer under the lock (e.g. to add listeners, or to copy
     * the open requests); do not keep the reference.
     */
    public synchronized <T> T withAnalyzer(java.util.function.Function<TraceAnalyzer, T> action) {
        return action.apply(analyzer);
    }

    /** The analyzer, for setup on the feed thread before items flow (not thread-safe). */
    public TraceAnalyzer analyzer() {
        return analyzer;
    }
}
