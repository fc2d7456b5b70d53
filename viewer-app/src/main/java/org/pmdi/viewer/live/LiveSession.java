package org.pmdi.viewer.live;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.pmdi.bridge.Bridge;
import org.pmdi.bridge.BridgeOptions;
import org.pmdi.bridge.BridgeStats;
import org.pmdi.bridge.feed.LiveFeed;
import org.pmdi.bridge.feed.Subscription;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;
import org.pmdi.viewer.data.AnalysisResult;
import org.pmdi.viewer.data.AnalysisRunner;

/**
 * A live attachment: serial-bridge's {@link Bridge} reads and records the stream; a
 * delivery thread of its live feed fills the {@link LiveStore} the timeline draws from and
 * feeds trace-analysis, whose result is republished at most every {@code resultEveryMs}.
 *
 * <pre>{@code
 * LiveSession s = LiveSession.start(AttachSpec.parse("serial:/dev/pts/3"), Path.of("live.pmdt"));
 * s.store();  s.latestResult();  s.stats();
 * s.close();                                   // stops the bridge; the recording gets its index
 * }</pre>
 *
 * Thread-safe accessors; the analysis runs on the delivery thread only.
 */
public final class LiveSession implements AutoCloseable {
    private static final long RESULT_EVERY_NS = 250_000_000L;
    private final AttachSpec spec;
    private final Path recording;
    private final Bridge bridge;
    private final LiveStore store = new LiveStore(4_000_000);
    private final AnalysisRunner analysis = AnalysisRunner.create();
    private final AtomicReference<AnalysisResult> result = new AtomicReference<>();
    private final Subscription subscription;
    private final Thread reader;
    private volatile boolean stopping;
    private long lastResultNanos;
    private long lastEventNanos;
    private boolean dirty;
    private volatile long analysed;

    private LiveSession(AttachSpec spec, Path recording) throws IOException {
        this.spec = spec;
        this.recording = recording;
        BridgeOptions o = BridgeOptions.defaults();
        if (recording != null) {
            o = o.withRecording(recording);
        }
        LiveFeed feed = LiveFeed.create();
        // subscribed before the reader starts: a file's or a replay's header and first events
        // are not missed (they name the devices, and their loss would read as a late attach)
        this.subscription = feed.subscribe(1 << 18);
        try {
            this.bridge = Bridge.start(spec.transport(), o, feed);
        } catch (IOException e) {
            feed.close();
            throw e;
        }
        this.reader = new Thread(this::run, "pmdi-viewer-live");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The live thread: takes items from the feed, and republishes the analysis at most every
     * 250 ms while items come, and once more when they stop (so the last state is shown). The
     * analysis's "now" advances with the wall clock while the stream is silent, so stuck
     * requests age and a silent AP is noticed.
     */
    private void run() {
        while (!stopping) {
            TraceItem item = subscription.poll(Duration.ofMillis(50));
            if (item != null) {
                onItem(item);
            }
            long now = System.nanoTime();
            // while silent, once a second: ages of stuck requests move on
            if ((dirty && now - lastResultNanos >= RESULT_EVERY_NS)
                    || (lastEventNanos != 0 && now - lastResultNanos >= 1_000_000_000L)) {
                publish(now);
            }
        }
    }

    private void publish(long now) {
        lastResultNanos = now;
        long last = analysis.analyzer().nowNs();
        long silentNs = lastEventNanos == 0 ? 0 : Math.max(0, now - lastEventNanos);
        result.set(analysis.result(last == org.pmdi.analysis.request.Request.ABSENT ? 0 : last + silentNs));
        dirty = false;
    }

    /** Attaches to {@code spec}, recording to {@code recording} (null: no recording). */
    public static LiveSession start(AttachSpec spec, Path recording) throws IOException {
        return new LiveSession(spec, recording);
    }

    private void onItem(TraceItem item) {
        // the analysis first: its clock fixes the origin both use
        analysis.accept(item);
        if (item instanceof TraceEvent e) {
            store.add(e, analysis.analyzer().clock().originTsc());
        } else if (item instanceof SessionHeader h) {
            store.header(h);
        }
        analysed++;
        lastEventNanos = System.nanoTime();
        dirty = true;
    }

    public AttachSpec spec() {
        return spec;
    }

    /** The recording file, or null. */
    public Path recording() {
        return recording;
    }

    public LiveStore store() {
        return store;
    }

    /** The latest analysis result (at most ~250 ms old while events flow), or null before any. */
    public AnalysisResult latestResult() {
        return result.get();
    }

    public BridgeStats stats() {
        return bridge.stats();
    }

    /** Items the viewer's feed subscription dropped (it was too slow). */
    public long feedDropped() {
        return subscription.dropped();
    }

    public long analysedItems() {
        return analysed;
    }

    /** Waits until the input ended for good (e.g. a replayed file), up to {@code timeout}. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return bridge.awaitEnd(timeout);
    }

    /** Stops reading, closes the recording (index and trailer), stops the delivery thread. */
    @Override
    public void close() throws IOException {
        try {
            bridge.close();
        } finally {
            stopping = true;
            subscription.close();
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
