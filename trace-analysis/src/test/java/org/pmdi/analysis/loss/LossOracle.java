package org.pmdi.analysis.loss;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pmdi.trace.EventType;
import org.pmdi.trace.LittleEndian;
import org.pmdi.trace.TraceEvent;

/**
 * What a damaged sample must still show, by source and time, from the damage alone (the
 * format library's records, no analysis code): a stuck request must be diagnosed when its
 * next event (written by the AP or by Linux) cannot lie in any stretch of that side's
 * records the damage destroyed after the request's last surviving record or snapshot
 * listing, and it is older than the threshold at the damaged stream's end. A frame the
 * damage left corrupt has no known source: it is a loss of every source, up to the latest
 * time known when the next surviving record came (the end when none did); a frame dropped
 * cleanly is a loss of its own source only.
 *
 * <pre>{@code
 * LossOracle o = LossOracle.of(sample, damage);
 * boolean must = o.mustDiagnose(requestId, thresholdNs);
 * }</pre>
 *
 * Times are raw TSCs: the AP and Linux read the same counter on the board (the samples'
 * clock syncs show offsets of microseconds), with a 1 ms margin for the analysis's mapping.
 */
final class LossOracle {
    private static final int INFLIGHT = EventType.INFLIGHT.id();
    private final SampleStream sample;
    /** Per source: the TSCs at which a destroyed stretch ends (the next surviving record), MAX when none. */
    private final Map<Integer, List<Long>> lossEnds = new HashMap<>();
    private final List<TraceEvent> surviving = new ArrayList<>();
    /** Ends of the corrupt frames' losses (every source), MAX when nothing survived after one. */
    private final List<Long> anySourceEnds = new ArrayList<>();
    private final long marginTsc;
    private long endTsc = Long.MIN_VALUE;

    private LossOracle(SampleStream s, BitSet lost, BitSet corrupt) {
        sample = s;
        long khz = s.header() == null ? 2_600_000 : Math.max(1, s.header().tscKhzAp());
        marginTsc = khz; // 1 ms
        Map<Integer, Boolean> inLoss = new HashMap<>();
        boolean corruptPending = false;
        for (SampleStream.Frame f : s.frames()) {
            boolean gone = lost.get(f.index());
            corruptPending |= corrupt.get(f.index());
            for (TraceEvent e : f.events()) {
                int src = e.source();
                if (gone) {
                    inLoss.put(src, true);
                } else {
                    if (inLoss.getOrDefault(src, false)) {
                        lossEnds.computeIfAbsent(src, k -> new ArrayList<>()).add(e.tsc());
                        inLoss.put(src, false);
                    }
                    surviving.add(e);
                    endTsc = Math.max(endTsc, e.tsc());
                    if (corruptPending) {
                        anySourceEnds.add(endTsc);
                        corruptPending = false;
                    }
                }
            }
        }
        if (corruptPending || corrupt.get(s.frames().size())) {
            anySourceEnds.add(Long.MAX_VALUE);
        }
        inLoss.forEach((src, open) -> {
            if (open) {
                lossEnds.computeIfAbsent(src, k -> new ArrayList<>()).add(Long.MAX_VALUE);
            }
        });
    }

    static LossOracle of(SampleStream s, Damage d) {
        return new LossOracle(s, d.lost(), d.corrupt());
    }

    /** True when the damage leaves enough to prove request {@code req} stuck. */
    boolean mustDiagnose(long req, long thresholdNs) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int lastPoint = -1;
        long listed = Long.MIN_VALUE;
        for (TraceEvent e : surviving) {
            if (e.type() == INFLIGHT && e.isBlob()) {
                byte[] b = e.blob();
                for (int i = 0; i + 16 <= b.length; i += 16) {
                    if (LittleEndian.u32(b, i + 8) == req) {
                        listed = Math.max(listed, e.tsc());
                        first = Math.min(first, LittleEndian.u64(b, i));
                    }
                }
                continue;
            }
            int p = pathIndex(e);
            if (e.req() != req || p < 0) {
                continue;
            }
            first = Math.min(first, e.tsc());
            lastPoint = Math.max(lastPoint, p);
        }
        boolean apNext = lastPoint < 0 || lastPoint == 0 || lastPoint >= 6;
        // the next event comes after its own side's latest record of the request (one
        // writer's records are in time order), else after the request's first record
        for (TraceEvent e : surviving) {
            if (e.req() == req && pathIndex(e) >= 0 && sample.isAp(e.source()) == apNext) {
                last = Math.max(last, e.tsc());
            }
        }
        if (last == Long.MIN_VALUE) {
            last = first;
        }
        if (first == Long.MAX_VALUE || endTsc - first < thresholdNs / 1_000_000.0 * marginTsc + marginTsc) {
            return false;
        }
        long known = Math.max(last, listed);
        for (long end : anySourceEnds) {
            if (end == Long.MAX_VALUE || end > known - marginTsc) {
                return false;
            }
        }
        for (var en : lossEnds.entrySet()) {
            if (sample.isAp(en.getKey()) != apNext) {
                continue;
            }
            for (long end : en.getValue()) {
                if (end == Long.MAX_VALUE || end > known - marginTsc) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Position on the data path (0 REQ_POST .. 10 REQ_DONE), -1 for other records. */
    private static int pathIndex(TraceEvent e) {
        EventType t = e.eventType();
        if (t == null) {
            return -1;
        }
        return switch (t) {
            case REQ_POST -> 0;
            case DOORBELL_SEND, DOORBELL_SUPPRESS -> e.arg(0) == 0 ? 1 : e.arg(0) == 1 ? 7 : -1;
            case DISPATCH -> 3;
            case DRV_BEGIN -> 4;
            case DRV_END -> 5;
            case REPLY_POST -> 6;
            case REPLY_TAKE -> 9;
            case REQ_DONE -> 10;
            default -> -1;
        };
    }
}
