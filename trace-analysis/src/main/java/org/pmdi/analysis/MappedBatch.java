package org.pmdi.analysis;

import org.pmdi.trace.SessionHeader;

/**
 * A run of records the first stage of the analysis mapped ({@link RecordMapper}), held in
 * columns for its second stage ({@link TraceAnalyzer#onMapped} and the like), which may run on
 * another thread. Blobs are copied. The columns grow when a push brings more records than they
 * hold, so they end as large as the largest batch: nothing is allocated per record after that.
 *
 * <pre>{@code
 * MappedBatch b = MappedBatch.create(4096);
 * if (mapper.map(source, seq, type, tsc, args)) b.addEvent(source, mapper.linux, type, mapper.ns, ...);
 * b.replay(analyzer);            // the second stage, in the same order
 * b.clear();
 * }</pre>
 *
 * Not thread-safe: hand it over whole (a queue's happens-before is enough).
 */
final class MappedBatch {
    private static final int EVENT = 0;
    private static final int BLOB = 1;
    private static final int HEADER = 2;
    private static final int GAP = 3;
    private static final int LINUX = 1 << 24;
    /** Argument slots copied per event, whatever its count (the copies are written out for five). */
    private static final int ARGS = 5;

    private final int capacity;
    /** kind | nargs << 4 | type << 8 | source << 16 | LINUX. */
    private int[] head;
    private long[] ns;
    private long[] unc;
    /** Request ids are u32 (FORMAT.md §4): the int's bits. */
    private int[] req;
    /**
     * Each event's arguments one after the other (a record's count is fixed by its type),
     * then room to read five past the last; a blob's offset, length, entry count and entries'
     * mapped times. Fewer bytes for the other core to fetch than five slots per record.
     */
    private long[] args;
    private int argLen;
    private SessionHeader[] headers;
    private byte[] blobs = new byte[1 << 12];
    private int blobLen;
    private int count;
    private final long[] replayArgs = new long[ARGS];
    private long[] replaySince = new long[16];

    private MappedBatch(int capacity) {
        this.capacity = capacity;
        head = new int[capacity];
        ns = new long[capacity];
        unc = new long[capacity];
        req = new int[capacity];
        args = new long[capacity * 2 + ARGS];
        headers = new SessionHeader[capacity];
    }

    /** A batch full at {@code capacity} (&gt; 0) records. */
    static MappedBatch create(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0");
        }
        return new MappedBatch(capacity);
    }

    /** Time to replay and clear it (a push that began before may have added more). */
    boolean isFull() {
        return count >= capacity;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Forgets the records held (keeps the columns). */
    void clear() {
        java.util.Arrays.fill(headers, 0, count, null);
        count = 0;
        argLen = 0;
        blobLen = 0;
    }

    /** Runs the second stage of {@code a} (not null) on the records held, in order. */
    void replay(TraceAnalyzer a) {
        long[] x = replayArgs;
        long[] from = args;
        for (int i = 0, n = count, at = 0; i < n; i++) {
            int h = head[i];
            int kind = h & 15;
            if (kind == EVENT) {
                int nargs = h >>> 4 & 15;
                x[0] = from[at]; // five whatever nargs: no branch, no copy loop
                x[1] = from[at + 1];
                x[2] = from[at + 2];
                x[3] = from[at + 3];
                x[4] = from[at + 4];
                a.onMapped(h >>> 16 & 0xff, (h & LINUX) != 0, h >>> 8 & 0xff, ns[i], unc[i], req[i] & 0xffffffffL,
                        x, nargs);
                at += nargs;
            } else {
                at = replayRare(a, i, kind, h, at);
            }
        }
    }

    /** A blob, header or gap; returns the argument index after it. */
    private int replayRare(TraceAnalyzer a, int i, int kind, int h, int at) {
        if (kind == HEADER) {
            a.onMappedHeader(headers[i]);
            return at;
        }
        if (kind == GAP) {
            a.onMappedGap();
            return at;
        }
        int entries = (int) args[at + 2];
        if (entries > replaySince.length) {
            replaySince = new long[Math.max(entries, 2 * replaySince.length)];
        }
        System.arraycopy(args, at + 3, replaySince, 0, entries);
        a.onMappedBlob(h >>> 16 & 0xff, (h & LINUX) != 0, h >>> 8 & 0xff, ns[i], unc[i], req[i] & 0xffffffffL, blobs,
                (int) args[at], (int) args[at + 1], replaySince);
        return at + 3 + entries;
    }

    /** The index of the next record, the columns grown if they are full. */
    private int next() {
        int i = count++;
        if (i == head.length) {
            int n = 2 * i;
            head = java.util.Arrays.copyOf(head, n);
            ns = java.util.Arrays.copyOf(ns, n);
            unc = java.util.Arrays.copyOf(unc, n);
            req = java.util.Arrays.copyOf(req, n);
            headers = java.util.Arrays.copyOf(headers, n);
        }
        return i;
    }

    /** The index of the next record's first argument, room made for {@code words} and five more. */
    private int argsAt(int words) {
        int at = argLen;
        argLen = at + words;
        if (argLen + ARGS > args.length) {
            args = java.util.Arrays.copyOf(args, Math.max(2 * args.length, argLen + ARGS));
        }
        return at;
    }

    /** A mapped event; {@code a} holds at least five slots (as the decoder's does) or exactly {@code nargs}. */
    void addEvent(int source, boolean linux, int type, long ns, long unc, long req, long[] a, int nargs) {
        int i = next();
        head[i] = EVENT | nargs << 4 | type << 8 | source << 16 | (linux ? LINUX : 0);
        this.ns[i] = ns;
        this.unc[i] = unc;
        this.req[i] = (int) req;
        int at = argsAt(nargs);
        long[] to = args;
        if (a.length >= ARGS) {
            to[at] = a[0]; // five, as replay reads them
            to[at + 1] = a[1];
            to[at + 2] = a[2];
            to[at + 3] = a[3];
            to[at + 4] = a[4];
        } else {
            System.arraycopy(a, 0, to, at, nargs);
        }
    }

    /** A mapped blob, with {@code entries} mapped times from {@code since} (an INFLIGHT snapshot's). */
    void addBlob(int source, boolean linux, int type, long ns, long unc, long req, byte[] buf, int off, int len,
            long[] since, int entries) {
        if (blobs.length - blobLen < len) {
            blobs = java.util.Arrays.copyOf(blobs, Math.max(blobs.length * 2, blobLen + len));
        }
        System.arraycopy(buf, off, blobs, blobLen, len);
        int i = next();
        head[i] = BLOB | type << 8 | source << 16 | (linux ? LINUX : 0);
        this.ns[i] = ns;
        this.unc[i] = unc;
        this.req[i] = (int) req;
        int at = argsAt(3 + entries);
        args[at] = blobLen;
        args[at + 1] = len;
        args[at + 2] = entries;
        System.arraycopy(since, 0, args, at + 3, entries);
        blobLen += len;
    }

    void addHeader(SessionHeader h) {
        int i = next();
        head[i] = HEADER;
        headers[i] = h;
    }

    void addGap() {
        head[next()] = GAP;
    }
}
