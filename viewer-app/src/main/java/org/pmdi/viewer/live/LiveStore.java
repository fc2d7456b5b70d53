package org.pmdi.viewer.live;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pmdi.trace.EventType;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.TraceEvent;
import org.pmdi.viewer.data.EventColumns;
import org.pmdi.viewer.data.TimeMapper;

/**
 * The recent events of a live stream, mapped to the AP timeline, in chunks: the feed thread
 * appends, the FX thread copies out the time range it draws. Keeps at most
 * {@code maxEvents} (the oldest chunks are dropped; the recording keeps everything).
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
    private TimeMapper mapper;
    private SessionHeader header;
    private long count;
    private long lastNs;
    private long version;
    private long lastArrivalNanos;

    public LiveStore(int maxEvents) {
        this.maxChunks = Math.max(2, maxEvents / CHUNK);
    }

    public synchronized void header(SessionHeader h) {
        header = h;
        if (mapper != null) {
            mapper.onHeader(h);
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
            mapper = TimeMapper.create(originTsc, header != null && header.tscKhzAp() > 0 ? header.tscKhzAp() : 1_000_000);
            if (header != null) {
                mapper.onHeader(header);
            }
        }
        if (e.type() == EventType.CLOCK_SYNC.id() && mapper.isLinux(e.source())) {
            mapper.onClockSync(e.source(), e.arg(0));
        }
        long ns = mapper.toNs(e.source(), e.tsc());
        open.add(ns, e.source(), e.type(), e.req(), e.argCount() > 0 ? e.arg(0) : 0, e.argCount() > 1 ? e.arg(1) : 0);
        if (open.size() >= CHUNK) {
            full.addLast(open.build());
            open = EventColumns.builder(CHUNK);
            while (full.size() > maxChunks) {
                full.removeFirst();
            }
        }
        if (e.type() == EventType.REQ_POST.id()) {
            openRequests.put(e.req(), new long[] {ns, e.source(), e.arg(0), e.arg(1), e.arg(2), e.arg(3), e.arg(4)});
            if (openRequests.size() > MAX_OPEN) {
                openRequests.remove(openRequests.keySet().iterator().next());
            }
        } else if (e.type() == EventType.REQ_DONE.id()) {
            openRequests.remove(e.req());
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
