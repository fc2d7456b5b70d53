package org.pmdi.bridge;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.pmdi.bridge.feed.LiveFeed;
import org.pmdi.bridge.record.Recorder;
import org.pmdi.bridge.transport.Connection;
import org.pmdi.bridge.transport.Transport;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.GapReason;
import org.pmdi.trace.codec.DecodeStats;
import org.pmdi.trace.codec.StreamDecoder;

/**
 * The body of a bridge's reader thread: open, read, decode, record, publish; on the input's
 * end, reconnect and mark the gap. Waits only for feed consumers that asked for it
 * ({@code Overflow.WAIT}).
 *
 * <pre>{@code
 * ReaderLoop loop = new ReaderLoop(transport, options, feed, recorder);
 * new Thread(loop, "pmdi-bridge-reader").start();
 * loop.stop();
 * }</pre>
 *
 * Only the reader thread touches the decoder and the recorder; other threads see
 * {@link #stats()} snapshots, published after each read.
 */
final class ReaderLoop implements Runnable {
    private final Transport transport;
    private final BridgeOptions options;
    private final LiveFeed feed;
    private final Recorder recorder;
    private final FeedPublisher publisher;
    private final StreamDecoder decoder;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile Connection current;
    private volatile BridgeStats stats = BridgeStats.initial();
    private volatile Thread thread;
    private BridgeState state = BridgeState.CONNECTING;
    private long bytes;
    private long gaps;
    private String lastError;
    private boolean everConnected;

    ReaderLoop(Transport transport, BridgeOptions options, LiveFeed feed, Recorder recorder) {
        this.transport = transport;
        this.options = options;
        this.feed = feed;
        this.recorder = recorder;
        this.publisher = new FeedPublisher(feed);
        this.decoder = StreamDecoder.create(publisher);
    }

    BridgeStats stats() {
        return stats;
    }

    CountDownLatch ended() {
        return ended;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        byte[] buf = new byte[options.readBuffer()];
        boolean reconnect = transport.reconnectable() && options.reconnect().enabled();
        long gapStartNs = 0;
        GapReason gapReason = null;
        int attempt = 0;
        try {
            while (!stopping) {
                setState(BridgeState.CONNECTING);
                Connection c;
                try {
                    c = transport.open();
                } catch (IOException | RuntimeException e) {
                    lastError = org.pmdi.trace.file.IoWords.why(e);
                    if (!reconnect) {
                        break;
                    }
                    setState(everConnected ? BridgeState.DISCONNECTED : BridgeState.CONNECTING);
                    pause(options.reconnect().delay(attempt++).toNanos());
                    continue;
                }
                current = c;
                if (stopping) {
                    c.close();
                    break;
                }
                attempt = 0;
                everConnected = true;
                if (gapReason != null) {
                    markGap(GapMark.of(gapReason.code(), gapStartNs, unixNs()));
                    gapReason = null;
                }
                setState(BridgeState.CONNECTED);
                GapReason why = pump(c, buf);
                c.close();
                current = null;
                decoder.finish();
                if (stopping || !reconnect) {
                    break;
                }
                gapReason = why;
                gapStartNs = unixNs();
                setState(BridgeState.DISCONNECTED);
                pause(options.reconnect().delay(0).toNanos());
            }
        } finally {
            decoder.finish();
            flushQuietly();
            setState(stopping ? BridgeState.CLOSED : BridgeState.ENDED);
            ended.countDown();
        }
    }

    /** Reads until the input ends (returns the gap reason) or the loop stops. */
    private GapReason pump(Connection c, byte[] buf) {
        while (!stopping) {
            int n;
            try {
                n = c.read(buf, 0, buf.length);
            } catch (IOException | RuntimeException e) {
                lastError = org.pmdi.trace.file.IoWords.why(e);
                return GapReason.READ_ERROR;
            }
            long now = System.nanoTime();
            if (n < 0) {
                return transport.gapReason();
            }
            if (n > 0) {
                bytes += n;
                decoder.push(buf, 0, n);
                feed.endBatch();
                if (recorder != null) {
                    try {
                        recorder.write(buf, 0, n, now);
                        if (c.readMayBlock()) {
                            recorder.flushNow(now);
                        }
                    } catch (IOException e) {
                        lastError = "recording: " + e.getMessage();
                    }
                }
            } else if (recorder != null) {
                try {
                    recorder.idle(now);
                } catch (IOException e) {
                    lastError = "recording: " + e.getMessage();
                }
            }
            publishStats();
        }
        return transport.gapReason();
    }

    private void markGap(GapMark g) {
        gaps++;
        if (recorder != null) {
            try {
                recorder.gap(g);
            } catch (IOException e) {
                lastError = "recording: " + e.getMessage();
            }
        }
        feed.publish(g);
    }

    private void flushQuietly() {
        if (recorder != null) {
            try {
                recorder.idle(Long.MAX_VALUE / 2 + System.nanoTime());
            } catch (IOException e) {
                lastError = "recording: " + e.getMessage();
            }
        }
    }

    private void pause(long ns) {
        long end = System.nanoTime() + ns;
        long left;
        while (!stopping && (left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    private static long unixNs() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private void setState(BridgeState s) {
        state = s;
        publishStats();
    }

    private void publishStats() {
        DecodeStats d = decoder.stats();
        stats = new BridgeStats(state, bytes, d.frames(), d.corrupt(), d.unknown(), d.events(), d.lostInRing(),
                d.lostInTransport(), publisher.outstanding(), gaps, recorder == null ? 0 : recorder.size(),
                feed.dropped(), lastError, d.onlyUnknownVersions() ? d.refusal() : null);
    }

    /** Asks the loop to stop: closes the open connection and wakes a reconnect wait. */
    void stop() {
        stopping = true;
        Connection c = current;
        if (c != null) {
            c.close();
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
