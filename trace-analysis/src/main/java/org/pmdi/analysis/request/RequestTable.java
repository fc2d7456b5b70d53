package org.pmdi.analysis.request;

/**
 * Open-addressing (linear probing) table of open requests keyed by request id, stored in
 * columns of primitives so that the per-event path allocates nothing. Slots move on
 * removal (backward-shift deletion): a slot number is valid until the next remove or grow.
 * Key 0 is "empty" (request id 0 means "no request"). Single writer, not thread-safe.
 */
final class RequestTable {
    private static final int NP = Point.COUNT;
    private int mask;
    private int size;
    private int[] keys;
    long[] times;
    int[] dev;
    int[] op;
    long[] len;
    long[] off;
    long[] status;
    int[] flags;
    int[] seen;
    int[] linuxSource;
    /** Largest clock-sync uncertainty (ns) of the mappings of the request's Linux points; -1 unknown. */
    long[] unc;
    /** Time of the latest INFLIGHT snapshot that listed the request, or ABSENT. */
    long[] listed;

    RequestTable(int capacity) {
        int cap = Integer.highestOneBit(Math.max(16, capacity) * 2 - 1);
        alloc(cap);
    }

    private void alloc(int cap) {
        mask = cap - 1;
        keys = new int[cap];
        times = new long[cap * NP];
        dev = new int[cap];
        op = new int[cap];
        len = new long[cap];
        off = new long[cap];
        status = new long[cap];
        flags = new int[cap];
        seen = new int[cap];
        linuxSource = new int[cap];
        unc = new long[cap];
        listed = new long[cap];
    }

    int size() {
        return size;
    }

    int capacity() {
        return mask + 1;
    }

    /** Key at slot {@code s} (0 when empty). */
    int key(int s) {
        return keys[s];
    }

    private static int hash(int k) {
        int h = k * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The slot of {@code key}, or -1. */
    int find(int key) {
        int m = mask;
        int[] ks = keys;
        for (int i = hash(key) & m; ; i = (i + 1) & m) {
            int k = ks[i];
            if (k == key) {
                return i;
            }
            if (k == 0) {
                return -1;
            }
        }
    }

    /** Inserts {@code key} (not present) with empty columns; returns its slot. */
    int insert(int key) {
        if ((size + 1) * 2 > mask + 1) {
            grow();
        }
        int m = mask;
        int i = hash(key) & m;
        while (keys[i] != 0) {
            i = (i + 1) & m;
        }
        keys[i] = key;
        clearTimes(i * NP);
        dev[i] = -1;
        op[i] = -1;
        len[i] = -1;
        off[i] = -1;
        status[i] = 0;
        flags[i] = 0;
        seen[i] = 0;
        linuxSource[i] = -1;
        unc[i] = 0;
        listed[i] = Request.ABSENT;
        size++;
        return i;
    }

    /** A request's point times, all absent; a plain loop (not the fill stub): once per request. */
    private void clearTimes(int b) {
        long[] t = times;
        for (int p = 0; p < NP; p++) {
            t[b + p] = Request.ABSENT;
        }
    }

    /** Removes slot {@code s}, shifting later entries of its cluster back. */
    void remove(int s) {
        int m = mask;
        int hole = s;
        int i = s;
        while (true) {
            i = (i + 1) & m;
            int k = keys[i];
            if (k == 0) {
                break;
            }
            int home = hash(k) & m;
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                move(i, hole);
                hole = i;
            }
        }
        keys[hole] = 0;
        size--;
    }

    private void move(int from, int to) {
        keys[to] = keys[from];
        copyColumns(this, from, this, to);
    }

    /** Copies slot {@code j} of {@code src}'s columns (all but the key) to slot {@code i} of {@code dst}. */
    private static void copyColumns(RequestTable src, int j, RequestTable dst, int i) {
        System.arraycopy(src.times, j * NP, dst.times, i * NP, NP);
        dst.dev[i] = src.dev[j];
        dst.op[i] = src.op[j];
        dst.len[i] = src.len[j];
        dst.off[i] = src.off[j];
        dst.status[i] = src.status[j];
        dst.flags[i] = src.flags[j];
        dst.seen[i] = src.seen[j];
        dst.linuxSource[i] = src.linuxSource[j];
        dst.unc[i] = src.unc[j];
        dst.listed[i] = src.listed[j];
    }

    /** Doubles the capacity: every entry is inserted anew into bigger columns. */
    private void grow() {
        RequestTable old = new RequestTable(this);
        alloc(old.capacity() * 2);
        size = 0;
        for (int j = 0; j < old.keys.length; j++) {
            if (old.keys[j] != 0) {
                copyColumns(old, j, this, insert(old.keys[j]));
            }
        }
    }

    /** A table on {@code t}'s current columns (they are not copied), to grow from. */
    private RequestTable(RequestTable t) {
        mask = t.mask;
        size = t.size;
        keys = t.keys;
        times = t.times;
        dev = t.dev;
        op = t.op;
        len = t.len;
        off = t.off;
        status = t.status;
        flags = t.flags;
        seen = t.seen;
        linuxSource = t.linuxSource;
        unc = t.unc;
        listed = t.listed;
    }
}
