package org.pmdi.viewer.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.concurrent.Task;
import org.pmdi.bridge.BridgeStats;
import org.pmdi.viewer.data.AnalysisResult;
import org.pmdi.viewer.data.AnalysisRunner;
import org.pmdi.viewer.data.OpenedTrace;
import org.pmdi.viewer.live.AttachSpec;
import org.pmdi.viewer.live.LiveSession;
import org.pmdi.viewer.live.LiveTimelineModel;
import org.pmdi.viewer.timeline.DropMarks;
import org.pmdi.viewer.timeline.FileTimelineModel;
import org.pmdi.viewer.timeline.TimelineView;
import org.pmdi.viewer.timeline.Viewport;

/**
 * The current session, a saved trace or a live attachment: opens, analyses (in
 * {@link Task}s on a small pool), attaches, detaches, and keeps the status bar and the
 * analysis views up to date.
 *
 * <pre>{@code
 * SessionController c = new SessionController(timeline, status, result -> views.show(result));
 * c.open(path);                  // returns at once; the timeline shows the trace when opened
 * c.attach(spec, recording);     // live
 * }</pre>
 *
 * FX thread only (the tasks report back on it).
 */
public final class SessionController implements AutoCloseable {
    /** Time shown while following a live stream. */
    public static final long LIVE_SPAN_NS = 250_000_000L;
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "pmdi-viewer-worker");
        t.setDaemon(true);
        return t;
    });
    private final TimelineView timeline;
    private final StatusBar status;
    private final Consumer<AnalysisResult> onResult;
    private final Consumer<Long> onOpened;
    private OpenedTrace trace;
    private LiveSession live;
    private AnalysisResult result;
    private AnalysisResult shownLive;
    private long rateEvents;
    private long rateNanos;
    private double rate;
    private long lastStatusNanos;
    private long lastResultNanos;
    private Task<?> analysing;

    /**
     * @param onResult called with each new analysis result (file: once; live: as it changes)
     * @param onOpened called with the duration once a trace is open (or 0 when live)
     */
    public SessionController(TimelineView timeline, StatusBar status, Consumer<AnalysisResult> onResult,
            Consumer<Long> onOpened) {
        this.timeline = timeline;
        this.status = status;
        this.onResult = onResult;
        this.onOpened = onOpened;
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                tick(now);
            }
        }.start();
    }

    public ExecutorService pool() {
        return pool;
    }

    /** The open trace, or null. */
    public OpenedTrace trace() {
        return trace;
    }

    public LiveSession live() {
        return live;
    }

    public AnalysisResult result() {
        return result;
    }

    private void showDrops(AnalysisResult r) {
        timeline.setDrops(DropMarks.of(r.nicDrops(), toTimelineNs(0)));
    }

    /** A time of the analysis on the timeline (they count from different first events in a file). */
    public long toTimelineNs(long analysisNs) {
        if (trace != null && result != null) {
            return result.toTimelineNs(analysisNs, trace.index().originTsc());
        }
        return analysisNs;
    }

    /** True while the analysis of a file runs. */
    public boolean analysing() {
        return analysing != null && !analysing.isDone();
    }

    /** Opens {@code path} in the background; the returned task completes when the timeline has it. */
    public Task<OpenedTrace> open(Path path) {
        closeCurrent();
        status.showMessage("Opening " + path + " …");
        Task<OpenedTrace> t = new Task<>() {
            @Override
            protected OpenedTrace call() throws IOException {
                return OpenedTrace.open(path);
            }
        };
        t.setOnSucceeded(e -> {
            trace = t.getValue();
            timeline.setModel(new FileTimelineModel(trace, pool), trace.header());
            timeline.redrawNow();
            status.showFile(path.getFileName().toString(), trace.sizeBytes(), trace.totalEvents(), trace.totalLost(),
                    trace.corruptFrames());
            onOpened.accept(trace.durationNs());
            analyse(trace);
        });
        t.setOnFailed(e -> status.showMessage(couldNotOpen(path, t.getException())));
        pool.submit(t);
        return t;
    }

    /** The status line of a failed open: the file once, then why (the JDK's own messages may be just the path). */
    static String couldNotOpen(Path path, Throwable e) {
        return "Could not open " + org.pmdi.trace.file.IoWords.line(path, e);
    }

    private void analyse(OpenedTrace t) {
        Task<AnalysisResult> a = new Task<>() {
            @Override
            protected AnalysisResult call() throws java.io.IOException {
                return t.analyze(AnalysisRunner.create());
            }
        };
        a.setOnSucceeded(e -> {
            if (trace == t) {
                result = a.getValue();
                showDrops(result);
                onResult.accept(result);
            }
        });
        a.setOnFailed(e -> status.showMessage("Analysis failed: " + a.getException()));
        analysing = a;
        pool.submit(a);
    }

    /** Attaches live to {@code spec}, recording to {@code recording} (null: a new file under ~/pmdi-recordings). */
    public LiveSession attach(AttachSpec spec, Path recording) throws IOException {
        closeCurrent();
        Path rec = recording != null ? recording : defaultRecording();
        live = LiveSession.start(spec, rec);
        LiveTimelineModel m = new LiveTimelineModel(live.store());
        timeline.setModel(m, null);
        // the last quarter second, following the newest events (not clamped: the stream is empty yet)
        timeline.viewportProperty().set(Viewport.of(0, LIVE_SPAN_NS,
                timeline.viewportProperty().get().widthPx()));
        timeline.setFollow(true);
        rateEvents = 0;
        rateNanos = System.nanoTime();
        onOpened.accept(0L);
        return live;
    }

    private static Path defaultRecording() throws IOException {
        Path dir = Path.of(System.getProperty("user.home"), "pmdi-recordings");
        Files.createDirectories(dir);
        return dir.resolve("live-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + ".pmdt");
    }

    /** Stops the live session (the recording gets its index). */
    public void detach() {
        if (live != null) {
            LiveSession l = live;
            live = null;
            timeline.setFollow(false);
            try {
                l.close();
                status.showMessage("Detached; recorded to " + l.recording());
            } catch (IOException e) {
                status.showMessage("Detached; finishing the recording failed: " + e.getMessage());
            }
        }
    }

    private void closeCurrent() {
        detach();
        if (analysing != null) {
            analysing.cancel(true); // a large file's analysis stops at the interrupt
            analysing = null;
        }
        if (trace != null) {
            try {
                trace.close();
            } catch (IOException e) {
                // nothing more to do with it
            }
            trace = null;
        }
        result = null;
    }

    private void tick(long now) {
        if (live == null) {
            return;
        }
        if (timeline.model() instanceof LiveTimelineModel m && m.header() != timeline.header()) {
            timeline.setHeader(m.header());
        }
        AnalysisResult r = live.latestResult();
        // charts and tables are rebuilt at most once a second: the timeline's frames come first
        if (r != null && r != shownLive && now - lastResultNanos >= 1_000_000_000L) {
            lastResultNanos = now;
            shownLive = r;
            result = r;
            showDrops(r);
            onResult.accept(r);
        }
        if (now - lastStatusNanos > 250_000_000L) {
            lastStatusNanos = now;
            BridgeStats s = live.stats();
            double dt = (now - rateNanos) / 1e9;
            if (dt > 0.9) {
                rate = (s.events() - rateEvents) / dt;
                rateEvents = s.events();
                rateNanos = now;
            }
            status.showLive(live.spec().text(), s, rate, live.recording() == null ? null
                    : live.recording().getFileName().toString());
        }
    }

    @Override
    public void close() {
        closeCurrent();
        pool.shutdownNow();
    }
}
