package org.pmdi.analysis;

import org.pmdi.analysis.loss.LossMap;
import org.pmdi.trace.EventType;
import org.pmdi.trace.Inflight;
import org.pmdi.trace.Layout;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.clock.ClockMapper;

/**
 * The first stage of the analysis: each record, in arrival order, placed on the AP timeline
 * ({@link ClockMapper}) and checked against the loss accounting ({@link LossMap}), which
 * drops duplicates. Its state is the clock mapping and the loss map alone, and the later stage
 * reads neither until the pass ends: so a file's pass can run this stage on the decoding
 * thread and the rest of the analysis on another ({@link AnalysisPipeline}).
 *
 * <p>A mapped record's values are left in fields ({@link #ns}, {@link #linux}, {@link #unc},
 * {@link #since}, {@link #entries}), valid until the next call. Single writer.
 */
final class RecordMapper {
    /** Types only Linux writes (DISPATCH..REPLY_POST, EVENT_POST, CLOCK_SYNC, TRACE_CTRL): they mark a ring as Linux's. */
    private static final long LINUX_ONLY = 1L << EventType.DISPATCH.id() | 1L << EventType.DRV_BEGIN.id()
            | 1L << EventType.DRV_END.id() | 1L << EventType.REPLY_POST.id() | 1L << EventType.EVENT_POST.id()
            | 1L << EventType.CLOCK_SYNC.id() | 1L << EventType.TRACE_CTRL.id();
    private static final int CLOCK_SYNC = EventType.CLOCK_SYNC.id();
    private static final int LOST = EventType.LOST.id();
    private static final int INFLIGHT = EventType.INFLIGHT.id();

    private final ClockMapper clock;
    private final LossMap loss;
    private long sessionId = -1;

    /** The mapped record's time on the AP timeline. */
    long ns;
    /** The mapped record's ring is Linux's. */
    boolean linux;
    /** The clock-sync uncertainty (ns) of a Linux record's mapping; 0 for the AP's. */
    long unc;
    /** An INFLIGHT record's entries' since times, mapped ({@link Inflight#count} of them). */
    long[] since = new long[EventType.BLOB_MAX / Layout.INFLIGHT_SIZE];
    /** How many of {@link #since} the mapped blob filled: an INFLIGHT snapshot's entries, else 0. */
    int entries;

    RecordMapper(ClockMapper clock, LossMap loss) {
        this.clock = clock;
        this.loss = loss;
    }

    /**
     * Maps a fixed-size record; false when it is dropped (a duplicate). Small, so that it is
     * inlined into the decoder's loop: it runs once per event.
     */
    boolean map(int source, long seq, int type, long tsc, long[] args) {
        ClockMapper c = clock;
        boolean l = c.isLinux(source);
        // the side first: the usual record of a known Linux ring is done after two compares
        if ((!l || type == CLOCK_SYNC) && type < 64 && (LINUX_ONLY >>> type & 1) != 0) {
            if (!linuxRecord(source, seq, type, args)) {
                return false; // a duplicate, dropped before it changes the mapping
            }
            l = true;
        }
        long t = c.eventNs(source, tsc);
        if (type == LOST) {
            ringLost(source, seq, t, args[0]);
        }
        if (!loss.onRecord(source, seq, t)) {
            return false;
        }
        ns = t;
        linux = l;
        unc = l ? c.uncertaintyNs(source) : 0;
        return true;
    }

    /** A LOST record: the records it counts were lost before it (unless it is a duplicate). */
    private void ringLost(int source, long seq, long t, long count) {
        if (!loss.isDuplicate(source, seq)) {
            loss.onRingLost(source, t, count); // from the source's previous record: before onRecord
        }
    }

    /**
     * A record only Linux writes: its ring is Linux's; a CLOCK_SYNC updates the mapping. False
     * for a duplicate (dropped, counted).
     */
    private boolean linuxRecord(int source, long seq, int type, long[] args) {
        if (loss.dropIfDuplicate(source, seq)) {
            return false;
        }
        if (!clock.isLinux(source)) {
            clock.markLinux(source);
        }
        if (type == CLOCK_SYNC) {
            clock.onClockSync(source, args[0], args[1]);
        }
        return true;
    }

    /**
     * Maps a blob record; false when it is dropped (a duplicate). An INFLIGHT snapshot marks
     * its ring as Linux's, and its entries' since times are mapped into {@link #since}.
     */
    boolean mapBlob(int source, long seq, int type, long tsc, byte[] buf, int off, int len) {
        long t = clock.eventNs(source, tsc);
        if (!loss.onRecord(source, seq, t)) {
            return false;
        }
        int n = 0;
        if (type == INFLIGHT) {
            if (!clock.isLinux(source)) {
                clock.markLinux(source);
            }
            n = Inflight.count(len);
            if (n > since.length) {
                since = new long[n]; // a blob longer than the format's (a live item)
            }
            for (int i = 0; i < n; i++) {
                since[i] = clock.eventNs(source, Inflight.sinceTsc(buf, off, i));
            }
        }
        ns = t;
        linux = clock.isLinux(source);
        unc = clock.uncertaintyNs(source);
        entries = n;
        return true;
    }

    /** A session header: a new session id starts the loss map's new session. */
    void onHeader(SessionHeader h) {
        if (h.sessionId() != sessionId) {
            if (sessionId != -1) {
                loss.onNewSession();
            } else {
                loss.onFirstHeader();
            }
        }
        clock.onHeader(h);
        sessionId = h.sessionId();
    }

    /** A recording gap: events may be missing there. */
    void onGap() {
        loss.onBadFrame();
    }

    /** A corrupt or unknown frame. */
    void onBadFrame() {
        loss.onCorruptFrame();
    }
}
