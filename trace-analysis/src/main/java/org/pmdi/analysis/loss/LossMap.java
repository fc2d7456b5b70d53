package org.pmdi.analysis.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Where events may be missing, per source, on the AP timeline: ring LOST records, seq gaps,
 * corrupt or unknown frames and recording gaps after a source's last event, and the part of
 * a session before the reader attached. Also drops duplicated records (seq below the
 * source's next), so that they never make duplicate points.
 *
 * <pre>{@code
 * LossMap m = LossMap.create();
 * if (!m.onRecord(source, seq, ns)) return;   // per record; false: a duplicate, drop it
 * m.dropIfDuplicate(source, seq);             // the same test without recording it (counted)
 * m.onRingLost(source, ns, count);            // a LOST record (before its onRecord)
 * m.onBadFrame();                             // a corrupt/unknown frame or a GAP frame
 * LossRegion r = m.firstAfter(isAp, lastNs);  // could a later event of that side be lost?
 * }</pre>
 *
 * A corrupt frame's source is unknown, but every source that writes again shows by its
 * seq whether it lost records there (a seq gap, exact); so a bad frame matters only to the
 * sources that never write again after it: for them it is a region from their last event to
 * the latest event time known when the first event (of any source) after the bad frame
 * came. Single writer; the per-record path
 * allocates nothing (a region is allocated per loss).
 */
public final class LossMap {
    private static final int SOURCES = 256;
    /** Unsigned seq expected next per source; -1 (all ones): none seen yet. */
    private final long[] next = new long[SOURCES];
    private final long[] lastNs = new long[SOURCES];
    /**
     * A bad frame came after the source's last record ({@code tailOpen}) while its next seq
     * was {@code tailSeq}, the first such frame being number {@code tailFirst}: the tail is
     * open as long as the source writes nothing more.
     */
    private final boolean[] tailOpen = new boolean[SOURCES];
    private final long[] tailSeq = new long[SOURCES];
    private final long[] tailFirst = new long[SOURCES];
    /** Source saw records before the session's first header: it may restart at a lower seq. */
    private final boolean[] provisional = new boolean[SOURCES];
    @SuppressWarnings("unchecked")
    private final List<LossRegion>[] regions = new List[SOURCES];
    /** Per bad frame (index = its number − 1): the time of the first record after it, or MAX_VALUE. */
    private long[] badEndNs = new long[16];
    private long badFrames;
    private boolean badPending;
    private long duplicates;
    private long corruptFrames;
    private long gapLost;
    private long ringLost;
    private long beforeAttach;
    private int regionCount;
    /**
     * The source of the latest record while its records come in order ({@code -1}: none),
     * with its next seq and last time: kept in fields, not in {@link #next} and
     * {@link #lastNs}, so that the usual record costs two compares and two field stores
     * (records come in runs of one source, a frame each). Every other method writes them
     * back first ({@link #settle()}).
     */
    private int runSource = -1;
    private long runNext;
    private long runLastNs;

    private LossMap() {
        java.util.Arrays.fill(next, -1);
    }

    public static LossMap create() {
        return new LossMap();
    }

    /** True when a record of {@code source} with {@code seq} was already seen (a duplicate). */
    public boolean isDuplicate(int source, long seq) {
        settle();
        long n = next[source];
        return n != -1 && Long.compareUnsigned(seq, n) < 0 && !provisional[source];
    }

    /** As {@link #isDuplicate}, counting it when it is one (the caller drops it). */
    public boolean dropIfDuplicate(int source, long seq) {
        if (isDuplicate(source, seq)) {
            duplicates++;
            return true;
        }
        return false;
    }

    /**
     * A record of {@code source} at {@code ns}; false when it is a duplicate (seq below the
     * source's next: drop it, it is counted). Kept small: it runs once per record.
     */
    public boolean onRecord(int source, long seq, long ns) {
        if (source != runSource | seq != runNext) {
            return rare(source, seq, ns);
        }
        runNext = seq + 1;
        runLastNs = ns;
        return true;
    }

    /** Writes the run's state back to the per-source arrays and ends the run. */
    private void settle() {
        int s = runSource;
        if (s >= 0) {
            next[s] = runNext;
            lastNs[s] = runLastNs;
            runSource = -1;
        }
    }

    private boolean rare(int source, long seq, long ns) {
        settle();
        if (seq == next[source] && !badPending) {
            startRun(source, seq, ns);
            return true;
        }
        if (dropIfDuplicate(source, seq)) {
            return false;
        }
        if (badPending) {
            // the bad frame's records were written before the latest record seen so far
            // (or this one), roughly: the drain passes write in time order
            badPending = false;
            long end = ns;
            for (int s = 0; s < SOURCES; s++) {
                if (next[s] != -1) {
                    end = Math.max(end, lastNs[s]);
                }
            }
            badEndNs[(int) (badFrames - 1)] = end;
        }
        long n = next[source];
        if (n == -1) {
            if (seq != 0) {
                beforeAttach += seq;
                add(new LossRegion(source, Long.MIN_VALUE, ns, seq, LossKind.BEFORE_ATTACH));
            }
        } else if (provisional[source] && Long.compareUnsigned(seq, n) < 0) {
            // a restart after the first header: a new session, nothing lost
        } else if (seq != n) {
            gapLost += seq - n;
            add(new LossRegion(source, lastNs[source], Math.max(ns, lastNs[source]), seq - n, LossKind.SEQ_GAP));
        }
        provisional[source] = false;
        startRun(source, seq, ns);
        return true;
    }

    /** A record in order: its source's next ones are checked against the run's fields. */
    private void startRun(int source, long seq, long ns) {
        runSource = source;
        runNext = seq + 1;
        runLastNs = ns;
    }

    /** A LOST record of {@code source} at {@code ns}: {@code count} records dropped since its previous one. */
    public void onRingLost(int source, long ns, long count) {
        settle();
        ringLost += count;
        long from = next[source] == -1 ? Long.MIN_VALUE : lastNs[source];
        add(new LossRegion(source, from, Math.max(from, ns), count, LossKind.RING_LOST));
    }

    /** A corrupt or unknown frame: records of any source may be lost here. */
    public void onCorruptFrame() {
        corruptFrames++;
        onBadFrame();
    }

    /** A corrupt or unknown frame, or a recording gap: records of any source may be lost here. */
    public void onBadFrame() {
        settle();
        if (badFrames == badEndNs.length) {
            badEndNs = java.util.Arrays.copyOf(badEndNs, badEndNs.length * 2);
        }
        for (int s = 0; s < SOURCES; s++) {
            if (next[s] != -1 && !(tailOpen[s] && tailSeq[s] == next[s])) {
                tailOpen[s] = true;
                tailSeq[s] = next[s];
                tailFirst[s] = badFrames;
            }
        }
        badEndNs[(int) badFrames++] = Long.MAX_VALUE;
        badPending = true;
    }

    /**
     * The first session header came: the sources seen before it keep their seqs (their
     * records were most likely this session's) but may restart lower (a new session).
     */
    public void onFirstHeader() {
        settle();
        for (int s = 0; s < SOURCES; s++) {
            provisional[s] = next[s] != -1;
        }
    }

    /**
     * A new session: seqs start again and the regions are forgotten (they were about the
     * previous session's requests, which ended with it); the counts are kept.
     */
    public void onNewSession() {
        settle();
        java.util.Arrays.fill(next, -1);
        java.util.Arrays.fill(provisional, false);
        java.util.Arrays.fill(tailOpen, false);
        java.util.Arrays.fill(regions, null);
        regionCount = 0;
        badPending = false;
    }

    private void add(LossRegion r) {
        List<LossRegion> l = regions[r.source()];
        if (l == null) {
            l = regions[r.source()] = new ArrayList<>();
        }
        LossRegion last = l.isEmpty() ? null : l.get(l.size() - 1);
        if (last != null && (regionCount >= MAX_REGIONS || last.toNs() >= r.fromNs() && last.kind() == r.kind())) {
            // touching (or too many): one region, so that the map stays small under heavy loss
            long ev = last.events() < 0 || r.events() < 0 ? -1 : last.events() + r.events();
            l.set(l.size() - 1, new LossRegion(r.source(), Math.min(last.fromNs(), r.fromNs()),
                    Math.max(last.toNs(), r.toNs()), ev, last.kind()));
            return;
        }
        l.add(r);
        regionCount++;
    }

    /** Regions kept at most; later ones merge into their source's last region. */
    static final int MAX_REGIONS = 1 << 16;

    /**
     * The earliest-ending region of a source on the given side that an event written after
     * {@code afterNs} may lie in, or null when no loss can hide such an event.
     *
     * @param side which sources to look at (e.g. the AP's, or Linux's)
     */
    public LossRegion firstAfter(IntPredicate side, long afterNs) {
        settle();
        LossRegion best = null;
        for (int s = 0; s < SOURCES; s++) {
            if (next[s] == -1 && regions[s] == null || !side.test(s)) {
                continue;
            }
            LossRegion r = firstAfter(s, afterNs);
            if (r != null && (best == null || r.toNs() < best.toNs())) {
                best = r;
            }
        }
        return best;
    }

    private LossRegion firstAfter(int s, long afterNs) {
        List<LossRegion> l = regions[s];
        if (l != null && !l.isEmpty() && l.get(l.size() - 1).coversAfter(afterNs)) {
            // a source's regions come in time order: the first one ending after afterNs
            int lo = 0;
            int hi = l.size() - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (l.get(mid).coversAfter(afterNs)) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return l.get(lo);
        }
        return next[s] != -1 ? tail(s) : null;
    }

    /** The bad frames after the source's last record, as one region, or null. */
    private LossRegion tail(int s) {
        if (!tailOpen[s] || tailSeq[s] != next[s]) {
            return null;
        }
        long to = Long.MIN_VALUE;
        for (long i = tailFirst[s]; i < badFrames; i++) {
            to = Math.max(to, badEndNs[(int) i]);
        }
        return new LossRegion(s, lastNs[s], Math.max(to, lastNs[s]), -1, LossKind.BAD_FRAME);
    }

    /**
     * The latest time up to which a source on {@code side} may have written events that
     * were lost, after {@code afterNs}: {@code afterNs} when none, {@link Long#MAX_VALUE}
     * when it may have written until now.
     */
    public long activeUntil(IntPredicate side, long afterNs) {
        settle();
        long until = afterNs;
        for (int s = 0; s < SOURCES; s++) {
            if (next[s] == -1 && regions[s] == null || !side.test(s)) {
                continue;
            }
            List<LossRegion> l = regions[s];
            if (l != null && !l.isEmpty()) {
                LossRegion r = l.get(l.size() - 1);
                if (r.coversAfter(until) && r.kind() != LossKind.BEFORE_ATTACH) {
                    until = r.toNs();
                }
            }
            LossRegion t = next[s] != -1 ? tail(s) : null;
            if (t != null && t.coversAfter(until)) {
                until = t.toNs();
            }
        }
        return until;
    }

    /** Every region found, by source then time (the bad frames' tails included). */
    public List<LossRegion> regions() {
        settle();
        List<LossRegion> out = new ArrayList<>();
        for (int s = 0; s < SOURCES; s++) {
            if (regions[s] != null) {
                out.addAll(regions[s]);
            }
            LossRegion t = next[s] != -1 ? tail(s) : null;
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /** Records dropped as duplicates. */
    public long duplicates() {
        return duplicates;
    }

    /** Corrupt or unknown frames and recording gaps. */
    public long badFrames() {
        return badFrames;
    }

    /** Corrupt or unknown frames ({@link #onCorruptFrame}). */
    public long corruptFrames() {
        return corruptFrames;
    }

    /** Records lost in seq gaps. */
    public long gapLost() {
        return gapLost;
    }

    /** Records dropped by full rings (LOST). */
    public long ringLost() {
        return ringLost;
    }

    /** Records written before the reader attached. */
    public long beforeAttach() {
        return beforeAttach;
    }
}
