package org.pmdi.viewer.data;

import java.util.Arrays;
import org.pmdi.trace.clock.ClockMapper;
import org.pmdi.trace.EventType;
import org.pmdi.trace.LogMessage;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.codec.TraceVisitor;

/**
 * A decoder visitor that maps each event to AP-timeline ns with trace-analysis's
 * {@link ClockMapper} (as the analysis and the file index do) and appends it to an
 * {@link EventColumns.Builder}, optionally only events in {@code [fromNs, toNs)}.
 *
 * <pre>{@code
 * ColumnsVisitor v = new ColumnsVisitor(mapper, from, to, 1 << 20);
 * reader.read(offset, v);
 * EventColumns window = v.build();
 * }</pre>
 *
 * CLOCK_SYNC records always update the mapper, in or out of range. Stops keeping events
 * past {@code maxEvents} ({@link #truncated()} tells). Single thread.
 */
public final class ColumnsVisitor implements TraceVisitor {
    private static final int CLOCK_SYNC = EventType.CLOCK_SYNC.id();
    private final ClockMapper mapper;
    private final long fromNs;
    private final long toNs;
    private final int maxEvents;
    private final EventColumns.Builder out;
    private boolean truncated;
    private long lastNs = Long.MIN_VALUE;
    private long lost;
    private SessionHeader header;
    private long sessionId = -1;

    /** {@code mapper}: its origin fixed, its first header and clock syncs known when mid-file. */
    public ColumnsVisitor(ClockMapper mapper, long fromNs, long toNs, int maxEvents) {
        this.mapper = mapper;
        this.fromNs = fromNs;
        this.toNs = toNs;
        this.maxEvents = maxEvents;
        this.out = EventColumns.builder(Math.min(maxEvents, 1 << 16));
    }

    @Override
    public void onHeader(SessionHeader h) {
        header = h;
        // a new session id: the mapper forgets the old offsets and keeps the origin
        mapper.onHeader(h);
        sessionId = h.sessionId();
    }

    @Override
    public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
        if (type == CLOCK_SYNC) {
            clockSync(mapper, source, args);
        }
        long ns = mapper.eventNs(source, tsc);
        lastNs = Math.max(lastNs, ns);
        if (ns < fromNs || ns >= toNs) {
            return;
        }
        if (out.size() >= maxEvents) {
            truncated = true;
            return;
        }
        if (type == EventType.LOST.id()) {
            lost += args[0];
        }
        out.add(ns, source, type, req, nargs > 0 ? args[0] : 0, nargs > 1 ? args[1] : 0);
    }

    @Override
    public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
        long ns = mapper.eventNs(source, tsc);
        if (ns < fromNs || ns >= toNs || out.size() >= maxEvents) {
            return;
        }
        out.add(ns, source, type, req, 0, 0);
        byte[] b = Arrays.copyOfRange(buf, off, off + len);
        if (type == EventType.LOG.id()) {
            try {
                out.note(LogMessage.parse(b).text());
            } catch (RuntimeException e) {
                out.note("(malformed log record)");
            }
        } else if (type == EventType.AP_FAULT.id()) {
            try {
                org.pmdi.trace.ApFault f = org.pmdi.trace.ApFault.parse(b);
                out.note(String.format("AP fault vector %d at rip 0x%x cr2 0x%x", f.vector(), f.rip(), f.cr2()));
            } catch (RuntimeException e) {
                out.note("(malformed AP fault record)");
            }
        }
    }

    /** A CLOCK_SYNC record: only Linux writes them, so its ring is Linux's (as the analysis takes it). */
    public static void clockSync(ClockMapper m, int source, long[] args) {
        if (!m.isLinux(source)) {
            m.markLinux(source);
        }
        m.onClockSync(source, args[0], args[1]);
    }

    @Override
    public void onTransportLoss(int source, long expectedSeq, long seq) {
        lost += seq - expectedSeq;
    }

    /** Latest mapped time seen (in range or not). */
    public long lastNs() {
        return lastNs;
    }

    public boolean truncated() {
        return truncated;
    }

    /** Records lost (LOST records and seq gaps) in the kept range. */
    public long lost() {
        return lost;
    }

    /** The last session header seen, or null. */
    public SessionHeader header() {
        return header;
    }

    public EventColumns build() {
        return out.build();
    }
}
