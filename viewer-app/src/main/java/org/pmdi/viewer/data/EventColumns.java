package org.pmdi.viewer.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Decoded events held column-wise (about 40 bytes per event, no object per event), in the
 * order they were decoded (per source in time order; sources interleaved by frame).
 *
 * <pre>{@code
 * EventColumns.Builder b = EventColumns.builder(1024);
 * b.add(ns, source, type, req, arg0, arg1);
 * EventColumns c = b.build();
 * for (int i = 0; i < c.size(); i++) draw(c.ns(i), c.type(i));
 * }</pre>
 *
 * Immutable once built; {@code arg0/arg1} are the event's first two arguments (0 if absent).
 */
public final class EventColumns {
    private final long[] ns;
    private final long[] req;
    private final long[] arg0;
    private final long[] arg1;
    private final short[] source;
    private final byte[] type;
    private final int size;
    private final Map<Integer, String> notes;
    private final long min;
    private final long max;

    private EventColumns(long[] ns, long[] req, long[] arg0, long[] arg1, short[] source, byte[] type, int size,
            Map<Integer, String> notes) {
        this.notes = Map.copyOf(notes);
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            lo = Math.min(lo, ns[i]);
            hi = Math.max(hi, ns[i]);
        }
        this.min = size == 0 ? 0 : lo;
        this.max = size == 0 ? 0 : hi;
        this.ns = ns;
        this.req = req;
        this.arg0 = arg0;
        this.arg1 = arg1;
        this.source = source;
        this.type = type;
        this.size = size;
    }

    public static Builder builder(int capacity) {
        return new Builder(Math.max(16, capacity));
    }

    /** No events. */
    public static EventColumns empty() {
        return builder(16).build();
    }

    public int size() {
        return size;
    }

    public long ns(int i) {
        return ns[i];
    }

    public long req(int i) {
        return req[i];
    }

    public long arg0(int i) {
        return arg0[i];
    }

    public long arg1(int i) {
        return arg1[i];
    }

    public int source(int i) {
        return source[i];
    }

    public int type(int i) {
        return type[i];
    }

    /** Text decoded from a blob event (LOG text, AP fault), or null. */
    public String note(int i) {
        return notes.get(i);
    }

    /** Earliest time, or 0 when empty. */
    public long minNs() {
        return min;
    }

    /** Latest time, or 0 when empty. */
    public long maxNs() {
        return max;
    }

    /** Appends events one by one; not thread-safe. */
    public static final class Builder {
        private long[] ns;
        private long[] req;
        private long[] arg0;
        private long[] arg1;
        private short[] source;
        private byte[] type;
        private int size;
        private final Map<Integer, String> notes = new HashMap<>();

        private Builder(int capacity) {
            ns = new long[capacity];
            req = new long[capacity];
            arg0 = new long[capacity];
            arg1 = new long[capacity];
            source = new short[capacity];
            type = new byte[capacity];
        }

        public int size() {
            return size;
        }

        public Builder add(long t, int src, int typ, long r, long a0, long a1) {
            if (size == ns.length) {
                int n = size * 2;
                ns = Arrays.copyOf(ns, n);
                req = Arrays.copyOf(req, n);
                arg0 = Arrays.copyOf(arg0, n);
                arg1 = Arrays.copyOf(arg1, n);
                source = Arrays.copyOf(source, n);
                type = Arrays.copyOf(type, n);
            }
            ns[size] = t;
            req[size] = r;
            arg0[size] = a0;
            arg1[size] = a1;
            source[size] = (short) src;
            type[size] = (byte) typ;
            size++;
            return this;
        }

        /** Attaches a text to the last event added. */
        public Builder note(String text) {
            notes.put(size - 1, text);
            return this;
        }

        /** Appends every event of {@code c}. */
        public Builder addAll(EventColumns c) {
            for (int i = 0; i < c.size; i++) {
                add(c.ns[i], c.source[i], c.type[i], c.req[i], c.arg0[i], c.arg1[i]);
                String n = c.notes.get(i);
                if (n != null) {
                    note(n);
                }
            }
            return this;
        }

        public EventColumns build() {
            return new EventColumns(Arrays.copyOf(ns, size), Arrays.copyOf(req, size), Arrays.copyOf(arg0, size),
                    Arrays.copyOf(arg1, size), Arrays.copyOf(source, size), Arrays.copyOf(type, size), size, notes);
        }
    }
}
