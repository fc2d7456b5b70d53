package org.pmdi.trace;

import java.util.Arrays;

/**
 * One decoded event (a stream record with its frame's source and its sequence number).
 *
 * <pre>{@code
 * TraceEvent e = TraceEvent.fixed(0, 42, EventType.REQ_DONE.id(), tsc, 7, new long[] {-5});
 * long status = e.arg(0);                 // -5 (signed args hold the s64 value)
 * TraceEvent l = TraceEvent.blob(1, 43, EventType.LOG.id(), tsc, 0, bytes);
 * }</pre>
 *
 * Ranges: source 0..255; seq, tsc and unsigned args are u64 bit patterns (use
 * {@link Long#toUnsignedString(long)}); req 0..2^32-1; type 1..127. Fixed types have exactly
 * {@link EventType#argCount()} args and an empty blob; blob types have no args and a blob
 * of at most 192 bytes. Arrays are copied in and out; never null.
 */
public record TraceEvent(int source, long seq, int type, long tsc, long req, long[] args, byte[] blob)
        implements TraceItem {

    private static final long[] NO_ARGS = new long[0];
    private static final byte[] NO_BLOB = new byte[0];

    public TraceEvent {
        if (source < 0 || source > 255) {
            throw new IllegalArgumentException("source must be 0..255, was " + source);
        }
        if (type < 1 || type > EventType.ID_MAX) {
            throw new IllegalArgumentException("type must be 1..127, was " + type);
        }
        if (req < 0 || req > 0xffffffffL) {
            throw new IllegalArgumentException("req must be 0..2^32-1, was " + req);
        }
        if (args == null || blob == null) {
            throw new IllegalArgumentException("args and blob must not be null");
        }
        if (args.length > EventType.MAX_ARGS) {
            throw new IllegalArgumentException("args must have at most 5 values, had " + args.length);
        }
        if (blob.length > EventType.BLOB_MAX) {
            throw new IllegalArgumentException("blob must be at most 192 bytes, was " + blob.length);
        }
        args = args.length == 0 ? NO_ARGS : args.clone();
        blob = blob.length == 0 ? NO_BLOB : blob.clone();
    }

    /** An event of a fixed type (1..63); {@code args} must have the type's argument count. */
    public static TraceEvent fixed(int source, long seq, int type, long tsc, long req, long... args) {
        int n = EventType.argCountOf(type);
        if (n < 0) {
            throw new IllegalArgumentException("type must be a known fixed type, was " + type);
        }
        if (args.length != n) {
            throw new IllegalArgumentException("args must have " + n + " values for type " + type
                    + ", had " + args.length);
        }
        return new TraceEvent(source, seq, type, tsc, req, args, NO_BLOB);
    }

    /** An event of a blob type (64..127). */
    public static TraceEvent blob(int source, long seq, int type, long tsc, long req, byte[] blob) {
        if (type <= EventType.FIXED_MAX) {
            throw new IllegalArgumentException("type must be a blob type (64..127), was " + type);
        }
        return new TraceEvent(source, seq, type, tsc, req, NO_ARGS, blob);
    }

    /** The registry entry, or null when this version does not list the type. */
    public EventType eventType() {
        return EventType.byId(type);
    }

    public boolean isBlob() {
        return type > EventType.FIXED_MAX;
    }

    public int argCount() {
        return args.length;
    }

    /** Argument {@code i} (0 ≤ i < argCount()). */
    public long arg(int i) {
        return args[i];
    }

    @Override
    public long[] args() {
        return args.clone();
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceEvent e && e.source == source && e.seq == seq && e.type == type
                && e.tsc == tsc && e.req == req && Arrays.equals(e.args, args) && Arrays.equals(e.blob, blob);
    }

    @Override
    public int hashCode() {
        return ((31 * Long.hashCode(seq) + source) * 31 + type) * 31 + Long.hashCode(tsc) + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TraceEvent[source=").append(source)
                .append(", seq=").append(Long.toUnsignedString(seq))
                .append(", type=").append(eventType() != null ? eventType().name() : String.valueOf(type))
                .append(", tsc=").append(Long.toUnsignedString(tsc)).append(", req=").append(req);
        if (isBlob()) {
            sb.append(", blob=").append(HexFormatter.hex(blob));
        } else {
            sb.append(", args=").append(Arrays.toString(args));
        }
        return sb.append(']').toString();
    }
}
