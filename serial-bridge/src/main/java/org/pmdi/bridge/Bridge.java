package org.pmdi.bridge;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.pmdi.bridge.feed.LiveFeed;
import org.pmdi.bridge.record.Recorder;
import org.pmdi.bridge.transport.Transport;

/**
 * Attaches to a trace stream: reads it on one named thread, decodes it incrementally
 * (resynchronising after noise, counting corrupt frames and lost events, never stopping on
 * bad bytes), records it crash-safely, and publishes it on a {@link LiveFeed}. Reconnects
 * when the input goes away and comes back, and marks the gap with a GAP frame.
 *
 * <pre>{@code
 * try (Bridge b = Bridge.start(SerialTransport.of(Path.of("/dev/pts/3"), 115200),
 *         BridgeOptions.defaults().withRecording(Path.of("run.pmdt")))) {
 *     Subscription s = b.feed().subscribe(1 << 16);
 *     ... s.poll(Duration.ofMillis(100)) ...
 *     BridgeStats st = b.stats();
 * }                                       // stops the reader, writes the index and trailer
 * }</pre>
 *
 * The reader thread ({@code pmdi-bridge-reader}) waits for no feed consumer, except one that
 * subscribed with {@code Overflow.WAIT} (for a file or replay: lossless). Methods are
 * thread-safe.
 */
public final class Bridge implements AutoCloseable {
    private final Transport transport;
    private final LiveFeed feed;
    private final Recorder recorder;
    private final ReaderLoop loop;
    private final Thread thread;
    private volatile boolean closed;
    private IOException closeError;

    private Bridge(Transport transport, LiveFeed feed, Recorder recorder, ReaderLoop loop) {
        this.transport = transport;
        this.feed = feed;
        this.recorder = recorder;
        this.loop = loop;
        this.thread = new Thread(loop, "pmdi-bridge-reader");
        thread.setDaemon(true);
    }

    /**
     * Starts reading {@code transport} (not null) with {@code options} (not null). Creates the
     * recording file first (an IOException here means nothing was started).
     */
    public static Bridge start(Transport transport, BridgeOptions options) throws IOException {
        return start(transport, options, LiveFeed.create());
    }

    /** As {@link #start(Transport, BridgeOptions)} publishing on {@code feed} (not null). */
    public static Bridge start(Transport transport, BridgeOptions options, LiveFeed feed) throws IOException {
        if (transport == null) {
            throw new IllegalArgumentException("transport must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        if (feed == null) {
            throw new IllegalArgumentException("feed must not be null");
        }
        Recorder rec = options.recording() == null ? null
                : Recorder.create(options.recording(), options.flushInterval());
        Bridge b = new Bridge(transport, feed, rec, new ReaderLoop(transport, options, feed, rec));
        b.thread.start();
        return b;
    }

    public Transport transport() {
        return transport;
    }

    /** The live feed; subscribe before or after start (items before a subscription are not replayed). */
    public LiveFeed feed() {
        return feed;
    }

    public BridgeStats stats() {
        return loop.stats();
    }

    /**
     * Waits until the input ended for good (end of file or replay, or a lost input that is not
     * reconnected) or the bridge was closed; true when it did within {@code timeout}.
     */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return loop.ended().await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops the reader (waiting up to 5 s), finishes the recording (index and trailer), closes
     * the feed. Idempotent.
     *
     * @throws IOException when the recording could not be finished
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            if (closeError != null) {
                throw closeError;
            }
            return;
        }
        closed = true;
        loop.stop();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (recorder != null && !thread.isAlive()) {
                recorder.close();
            }
        } catch (IOException e) {
            closeError = e;
            throw e;
        } finally {
            feed.close();
        }
    }
}
