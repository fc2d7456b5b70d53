package org.pmdi.viewer.live;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pmdi.trace.clock.ClockMapper;
import org.pmdi.trace.Device;
import org.pmdi.trace.EventType;
import org.pmdi.trace.Op;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.TraceEvent;
import org.pmdi.viewer.data.ColumnsVisitor;
import org.pmdi.viewer.data.EventColumns;
import org.pmdi.viewer.timeline.BucketArrays;

/**
 * The recent events of a live stream, mapped to the AP timeline (trace-analysis's
 * {@link ClockMapper}), in chunks: the feed thread appends, the FX thread copies out the time
 * range it draws. Keeps at most {@code maxEvents} (the oldest chunks are dropped; the
 * recording keeps everything), and the whole session's per-bucket summaries
 * ({@link #buckets()}), which a zoomed-out view draws as it would a saved file's.
 *
 * <pre>{@code
 * LiveStore s = new LiveStore(4_000_000);
 * s.add(event);                                   // feed thread
 * EventColumns view = s.range(fromNs, toNs);      // FX thread
 * }</pre>
 *
 * Thread-safe (one lock; each call is short).
 */
public final class LiveStore {
    private static final int CHUNK = 1 << 15;
    /** Outstanding requests remembered beyond the kept events (the oldest are forgotten first). */
    private static final int MAX_OPEN = 100_000;
    private final Map<Long, long[]> openRequests = new LinkedHashMap<>();
    private final int maxChunks;
    private final Deque<EventColumns> full = new ArrayDeque<>();
    private EventColumns.Builder open = EventColumns.builder(CHUNK);
    private final LiveBuckets buckets = new LiveBuckets();
    private BucketArrays bucketSnapshot;
    private long bucketVersion = -1;
    private ClockMapper mapper;
    private SessionHeader header;
    private long sessionId = -1;
    private long count;
    private long lastNs;
    private long version;
    private long lastArrivalNanos;
    /** Just after the latest event of the chunks dropped so far (Long.MIN_VALUE: none). */
    private long droppedToNs = Long.MIN_VALUE;

    public LiveStore(int maxEvents) {
        this.maxChunks = Math.max(2, maxEvents / CHUNK);
    }

    public synchronized void header(SessionHeader h) {
        header = h;
        if (mapper != null) {
            mapper.onHeader(h);
        }
        sessionId = h.sessionId();
        for (Device d : h.devices()) {
            buckets.device(d.id());
        }
    }

    /** Appends one event (feed thread), time 0 at the event's own TSC if it is the first. */
    public synchronized void add(TraceEvent e) {
        add(e, e.tsc());
    }

    /**
     * Appends one event (feed thread); the first one fixes time 0 at AP-clock TSC
     * {@code originTsc} (the live analysis's origin, so that both speak of the same times).
     */
    public synchronized void add(TraceEvent e, long originTsc) {
        if (mapper == null) {
            mapper = ClockMapper.create();
            mapper.fixOrigin(originTsc);
            if (header != null) {
                mapper.onHeader(header);
            }
        }
        if (e.type() == EventType.CLOCK_SYNC.id()) {
            ColumnsVisitor.clockSync(mapper, e.source(), new long[] {e.arg(0), e.arg(1)});
        }
        long ns = mapper.eventNs(e.source(), e.tsc());
        if (mapper.uncertaintyNs(e.source()) < 0) {
            buckets.eventInLast(); // Linux before any clock sync: its time is not known yet (as the index does)
        } else {
            buckets.event(ns);
        }
        if (e.type() == EventType.LOST.id()) {
            buckets.lost(ns, e.arg(0));
        }
        open.add(ns, e.source(), e.type(), e.req(), e.argCount() > 0 ? e.arg(0) : 0, e.argCount() > 1 ? e.arg(1) : 0);
        if (open.size() >= CHUNK) {
            full.addLast(open.build());
            open = EventColumns.builder(CHUNK);
            while (full.size() > maxChunks) {
                droppedToNs = Math.max(droppedToNs, full.removeFirst().maxNs() + 1);
            }
        }
        if (e.type() == EventType.REQ_POST.id()) {
            openRequests.put(e.req(), new long[] {ns, e.source(), e.arg(0), e.arg(1), e.arg(2), e.arg(3), e.arg(4)});
            if (openRequests.size() > MAX_OPEN) {
                openRequests.remove(openRequests.keySet().iterator().next());
            }
        } else if (e.type() == EventType.REQ_DONE.id()) {
            long[] post = openRequests.remove(e.req());
            // as the file index: a receive buffer's post-to-done time is mostly its wait for a frame
            if (post != null && post[3] != Op.RECV.code()) {
                buckets.completed((int) post[2] & 0xff, ns, ns - post[0]);
            }
        }
        count++;
        lastNs = Math.max(lastNs, ns);
        version++;
        lastArrivalNanos = System.nanoTime();
    }

    /**
     * Events in {@code [from, to)} currently kept, plus the REQ_POST of every request posted
     * before {@code from} and still outstanding (so that a stuck request stays in view).
     */
    public synchronized EventColumns range(long from, long to) {
        EventColumns.Builder b = EventColumns.builder(1024);
        for (Map.Entry<Long, long[]> o : openRequests.entrySet()) {
            long[] v = o.getValue();
            if (v[0] < from) {
                b.add(v[0], (int) v[1], EventType.REQ_POST.id(), o.getKey(), v[2], v[3]);
            }
        }
        for (EventColumns c : full) {
            if (c.size() == 0 || c.maxNs() < from || c.minNs() >= to) {
                continue;
            }
            copy(c, from, to, b);
        }
        copy(open.build(), from, to, b);
        return b.build();
    }

    private static void copy(EventColumns c, long from, long to, EventColumns.Builder b) {
        for (int i = 0; i < c.size(); i++) {
            long t = c.ns(i);
            if (t >= from && t < to) {
                b.add(t, c.source(i), c.type(i), c.req(i), c.arg0(i), c.arg1(i));
            }
        }
    }

    /** The session's per-bucket summaries as they stand (a copy, made again only after new events). */
    public synchronized BucketArrays buckets() {
        if (bucketVersion != version || bucketSnapshot == null) {
            bucketSnapshot = buckets.snapshot();
            bucketVersion = version;
        }
        return bucketSnapshot;
    }

    /**
     * Time after which every event is still kept ({@link Long#MIN_VALUE} while none was
     * dropped): a view reaching before it must be drawn from the summaries.
     */
    public synchronized long keptFromNs() {
        return droppedToNs;
    }

    public synchronized SessionHeader header() {
        return header;
    }

    /** Requests posted and not done, as seen here. */
    public synchronized int outstanding() {
        return openRequests.size();
    }

    /** Events added so far. */
    public synchronized long count() {
        return count;
    }

    /** Latest event time, ns on the AP timeline. */
    public synchronized long lastNs() {
        return lastNs;
    }

    /** Changes with every added event. */
    public synchronized long version() {
        return version;
    }

    /** System.nanoTime() when the last event was added. */
    public synchronized long lastArrivalNanos() {
        return lastArrivalNanos;
    }
}
