package org.pmdi.trace.file;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pmdi.trace.Device;
import org.pmdi.trace.EventType;
import org.pmdi.trace.Op;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.clock.ClockMapper;
import org.pmdi.trace.codec.TraceVisitor;

/**
 * Accumulates the per-time-bucket summaries of FORMAT.md §7 while a stream is decoded.
 *
 * Times come from {@link ClockMapper}, the analysis's own mapping (origin, offsets, sides,
 * tsc_khz_ap), as the spec says: the origin is the AP-clock TSC of the first event whose AP
 * time is known; a Linux event before any CLOCK_SYNC of its session (no offset known yet)
 * counts in the latest bucket seen and sets no origin; offsets and request ids are per
 * session. Choices of the index where the spec leaves room: an event mapping before the
 * origin counts in bucket 0; only the header says which rings are Linux's.
 */
final class IndexBuilder implements TraceVisitor {
    static final int MIN_SHIFT = 20;
    static final int MAX_BUCKETS = 65_536;
    private static final long TSC_MASK = (1L << 56) - 1;

    private final ClockMapper clock = ClockMapper.create();
    private long sessionId = -1;
    private int shift = MIN_SHIFT;
    private int nbuckets;
    private long[] events = new long[64];
    private long[] lost = new long[64];
    private long[] minOffset = new long[64];
    private DevAcc[][] dev = new DevAcc[64][];
    private final int[] devIndex = new int[256];
    private final List<Integer> devIds = new ArrayList<>();
    private final Map<Long, Long> posted = new HashMap<>();
    private long frameOffset;
    private long pendingLoss;
    private int lastBucket;

    IndexBuilder() {
        Arrays.fill(devIndex, -1);
        Arrays.fill(minOffset, Long.MAX_VALUE);
    }

    @Override
    public void onHeader(SessionHeader h) {
        if (h.sessionId() != sessionId) {
            // request ids are per session; frames before the first header belong to it
            if (sessionId != -1) {
                posted.clear();
            }
            sessionId = h.sessionId();
        }
        clock.onHeader(h);
        for (Device d : h.devices()) {
            deviceIndex(d.id());
        }
    }

    @Override
    public void onEventsFrame(int source, long seq, long offset) {
        frameOffset = offset;
    }

    @Override
    public void onTransportLoss(int source, long expectedSeq, long seq) {
        pendingLoss += seq - expectedSeq;
    }

    @Override
    public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
        if (type == EventType.CLOCK_SYNC.id() && clock.isLinux(source)) {
            clock.onClockSync(source, args[0], args[1]);
        }
        int b = bucketOf(source, tsc);
        count(b);
        if (type == EventType.LOST.id()) {
            lost[b] += args[0];
        } else if (type == EventType.REQ_POST.id() && args[1] != Op.RECV.code()) {
            // a receive buffer's post-to-done time is mostly its wait for a frame: not a latency
            int di = deviceIndex((int) (args[0] & 0xff));
            posted.put(req, (long) di << 56 | (tsc & TSC_MASK));
        } else if (type == EventType.REQ_DONE.id()) {
            Long p = posted.remove(req);
            if (p != null) {
                int di = (int) (p >>> 56);
                long d = ((tsc & TSC_MASK) - (p & TSC_MASK)) & TSC_MASK;
                acc(b, di).add(clock.cyclesToNs(d));
            }
        }
    }

    @Override
    public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
        count(bucketOf(source, tsc));
    }

    private void count(int b) {
        events[b]++;
        if (frameOffset < minOffset[b]) {
            minOffset[b] = frameOffset;
        }
        if (pendingLoss != 0) {
            lost[b] += pendingLoss;
            pendingLoss = 0;
        }
    }

    private int deviceIndex(int id) {
        int i = devIndex[id];
        if (i < 0) {
            i = devIds.size();
            devIndex[id] = i;
            devIds.add(id);
        }
        return i;
    }

    private DevAcc acc(int b, int di) {
        DevAcc[] row = dev[b];
        if (row == null || row.length <= di) {
            row = row == null ? new DevAcc[di + 1] : Arrays.copyOf(row, di + 1);
            dev[b] = row;
        }
        if (row[di] == null) {
            row[di] = new DevAcc();
        }
        return row[di];
    }

    private int bucketOf(int source, long tsc) {
        if (!clock.synced(source)) {
            return ensure(lastBucket);
        }
        long d = clock.toApTsc(source, tsc) - clock.originTsc();
        if (d <= 0) {
            return ensure(0);
        }
        // exact integer ns (not toNs): bucket edges must not move with rounding
        long b = clock.cyclesToNs(d) >>> shift;
        while (b >= MAX_BUCKETS) {
            halve();
            b >>>= 1;
        }
        lastBucket = (int) b;
        return ensure(lastBucket);
    }

    private int ensure(int b) {
        if (b >= events.length) {
            int n = Math.max(b + 1, events.length * 2);
            events = Arrays.copyOf(events, n);
            lost = Arrays.copyOf(lost, n);
            int old = minOffset.length;
            minOffset = Arrays.copyOf(minOffset, n);
            Arrays.fill(minOffset, old, n, Long.MAX_VALUE);
            dev = Arrays.copyOf(dev, n);
        }
        nbuckets = Math.max(nbuckets, b + 1);
        return b;
    }

    /** Doubles the bucket width, merging pairs. */
    private void halve() {
        shift++;
        int n = (nbuckets + 1) / 2;
        for (int i = 0; i < n; i++) {
            int a = 2 * i;
            int c = a + 1;
            events[i] = events[a] + (c < nbuckets ? events[c] : 0);
            lost[i] = lost[a] + (c < nbuckets ? lost[c] : 0);
            long mo = minOffset[a];
            DevAcc[] ra = dev[a];
            DevAcc[] rc = null;
            if (c < nbuckets) {
                mo = Math.min(mo, minOffset[c]);
                rc = dev[c];
            }
            minOffset[i] = mo;
            dev[i] = DevAcc.merge(ra, rc);
        }
        for (int i = n; i < nbuckets; i++) {
            events[i] = 0;
            lost[i] = 0;
            minOffset[i] = Long.MAX_VALUE;
            dev[i] = null;
        }
        nbuckets = n;
        lastBucket >>>= 1;
    }

    /** The index of what was seen so far; events end at {@code dataEnd}. */
    TraceIndex build(long dataEnd) {
        int last = nbuckets - 1;
        while (last >= 0 && events[last] == 0 && lost[last] == 0) {
            last--;
        }
        int n = last + 1;
        long[] offs = new long[n];
        long next = dataEnd;
        for (int b = n - 1; b >= 0; b--) {
            next = Math.min(next, minOffset[b]);
            offs[b] = next;
        }
        List<BucketSummary> out = new ArrayList<>(n);
        int ndev = devIds.size();
        for (int b = 0; b < n; b++) {
            List<DeviceSummary> ds = new ArrayList<>(ndev);
            DevAcc[] row = dev[b];
            for (int d = 0; d < ndev; d++) {
                DevAcc a = row != null && d < row.length ? row[d] : null;
                ds.add(a == null ? new DeviceSummary(devIds.get(d), 0, 0, 0, new int[0], new long[0])
                        : a.summary(devIds.get(d)));
            }
            out.add(new BucketSummary(offs[b], events[b], lost[b], ds));
        }
        return new TraceIndex(clock.originTsc(), 1L << shift, clock.tscKhzAp(), devIds, out, dataEnd);
    }

    /** Mutable per-bucket, per-device latency accumulator. */
    private static final class DevAcc {
        long requests;
        long sum;
        long max;
        final long[] hist = new long[64];

        void add(long ns) {
            requests++;
            sum += ns;
            max = Math.max(max, ns);
            hist[ns <= 1 ? 0 : 63 - Long.numberOfLeadingZeros(ns)]++;
        }

        static DevAcc[] merge(DevAcc[] a, DevAcc[] b) {
            if (b == null) {
                return a;
            }
            if (a == null) {
                return b;
            }
            DevAcc[] r = Arrays.copyOf(a, Math.max(a.length, b.length));
            for (int i = 0; i < b.length; i++) {
                if (b[i] == null) {
                    continue;
                }
                if (r[i] == null) {
                    r[i] = b[i];
                    continue;
                }
                DevAcc m = r[i];
                m.requests += b[i].requests;
                m.sum += b[i].sum;
                m.max = Math.max(m.max, b[i].max);
                for (int k = 0; k < 64; k++) {
                    m.hist[k] += b[i].hist[k];
                }
            }
            return r;
        }

        DeviceSummary summary(int id) {
            int nb = 0;
            for (long h : hist) {
                nb += h != 0 ? 1 : 0;
            }
            int[] bins = new int[nb];
            long[] counts = new long[nb];
            for (int k = 0, j = 0; k < 64; k++) {
                if (hist[k] != 0) {
                    bins[j] = k;
                    counts[j++] = hist[k];
                }
            }
            return new DeviceSummary(id, requests, sum, max, bins, counts);
        }
    }
}
