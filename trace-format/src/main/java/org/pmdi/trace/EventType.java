package org.pmdi.trace;

/**
 * The event registry of trace format v1 (FORMAT.md §4.1, {@code enum pmdi_ev}); v0 is the
 * same without REQ_REFUSED, NET_DROP, NET_LINK and NET_FRAME, and decodes with it.
 *
 * <pre>{@code
 * EventType t = EventType.byId(7);          // DRV_END, or null for ids this version does not list
 * if (t != null && !t.isBlob()) {
 *     int n = t.argCount();                 // 2
 *     boolean s = t.isSigned(0);            // true: status is an svarint
 * }
 * }</pre>
 *
 * Ids are 1..127; 1..63 have a fixed argument list ({@link #argCount()}), 64..127 carry a
 * blob ({@link #argCount()} is 0 and {@link #isBlob()} is true).
 */
public enum EventType {
    REQ_POST(1, EventClass.REQUEST, 0, "dev", "op", "slot", "len", "offset"),
    DOORBELL_SEND(2, EventClass.DOORBELL, 0, "ring", "index"),
    DOORBELL_SUPPRESS(3, EventClass.DOORBELL, 0, "ring", "index"),
    IPI_RECV(4, EventClass.DOORBELL, Flags.NO_REQ | 0, "vector"),
    DISPATCH(5, EventClass.REQUEST, 0, "ctx"),
    DRV_BEGIN(6, EventClass.DRIVER, 0, "dev"),
    DRV_END(7, EventClass.DRIVER, 0b1, "status", "bytes"),
    REPLY_POST(8, EventClass.REQUEST, 0b1, "status", "slot"),
    REPLY_TAKE(9, EventClass.REQUEST, 0, "slot"),
    REQ_DONE(10, EventClass.REQUEST, 0b1, "status"),
    EVENT_POST(11, EventClass.EVENT, 0, "dev", "kind", "slot"),
    EVENT_TAKE(12, EventClass.EVENT, 0, "slot"),
    HEARTBEAT(13, EventClass.HEALTH, Flags.NO_REQ | 0, "counter"),
    UNEXPECTED_IRQ(14, EventClass.HEALTH, Flags.NO_REQ | 0, "vector"),
    RING_OVERFLOW(15, EventClass.HEALTH, Flags.NO_REQ | 0, "ring", "count"),
    LOST(16, EventClass.UNFILTERED, Flags.NO_REQ | 0, "count"),
    CLOCK_SYNC(17, EventClass.UNFILTERED, Flags.NO_REQ | 0b1, "offset", "uncertainty", "rtt"),
    TRACE_CTRL(18, EventClass.UNFILTERED, Flags.NO_REQ | 0, "enabled", "mask"),
    /** Format v1: Linux refused the request ({@link RefusalReason}); its REPLY_POST follows. */
    REQ_REFUSED(19, EventClass.REQUEST, 0, "reason"),
    /** Format v1: Linux dropped a frame for NIC {@code dev}: no receive buffer was posted. */
    NET_DROP(20, EventClass.HEALTH, Flags.NO_REQ | 0, "dev", "len"),
    /** Format v1: NIC {@code dev}'s link went up (1) or down (0). */
    NET_LINK(21, EventClass.EVENT, Flags.NO_REQ | 0, "dev", "up"),
    LOG(64, EventClass.LOG, 0),
    AP_FAULT(65, EventClass.HEALTH, 0),
    INFLIGHT(66, EventClass.UNFILTERED, Flags.NO_REQ | 0),
    /** Format v1: the start of a frame a NIC sent or received ({@link NetFrame}); req 0 for a drop. */
    NET_FRAME(67, EventClass.FRAME, 0);

    /** Highest id of a fixed-argument type (63); 64..127 are blob types. */
    public static final int FIXED_MAX = 63;
    /** Highest id a record head can carry (127). */
    public static final int ID_MAX = 127;
    /** Most arguments a fixed type has (5). */
    public static final int MAX_ARGS = 5;
    /** Largest blob, in bytes (192). */
    public static final int BLOB_MAX = 192;

    private static final EventType[] BY_ID = new EventType[ID_MAX + 1];
    private static final int[] NARGS = new int[ID_MAX + 1];
    private static final int[] SIGNED = new int[ID_MAX + 1];
    private static final boolean[] HAS_REQ = new boolean[ID_MAX + 1];

    static {
        java.util.Arrays.fill(NARGS, -1);
        for (EventType t : values()) {
            BY_ID[t.id] = t;
            NARGS[t.id] = t.isBlob() ? -2 : t.argNames.length;
            SIGNED[t.id] = t.signedMask;
            HAS_REQ[t.id] = t.hasReq;
        }
    }

    private final int id;
    private final boolean hasReq;
    private final EventClass eventClass;
    private final int signedMask;
    private final String[] argNames;

    EventType(int id, EventClass eventClass, int signedMask, String... argNames) {
        this.id = id;
        this.eventClass = eventClass;
        this.signedMask = signedMask & ~Flags.NO_REQ;
        this.hasReq = (signedMask & Flags.NO_REQ) == 0;
        this.argNames = argNames;
    }

    /** The type with this id, or null if this version does not list it (any int accepted). */
    public static EventType byId(int id) {
        return id >= 0 && id <= ID_MAX ? BY_ID[id] : null;
    }

    /**
     * Argument count of {@code id} for decoders: 0..5 for fixed types, -2 for known blob
     * types, -1 for ids this version does not list (0..127; anything else gives -1).
     */
    public static int argCountOf(int id) {
        return id >= 0 && id <= ID_MAX ? NARGS[id] : -1;
    }

    /**
     * Whether records of type {@code id} carry a request id on the stream ({@code
     * pmdi_ev_has_req}); true for ids this version does not list.
     */
    public static boolean hasReqOf(int id) {
        return id < 0 || id > ID_MAX || BY_ID[id] == null || HAS_REQ[id];
    }

    /** Bit {@code i} set when argument {@code i} of type {@code id} is signed (an svarint). */
    public static int signedMaskOf(int id) {
        return id >= 0 && id <= ID_MAX ? SIGNED[id] : 0;
    }

    public int id() {
        return id;
    }

    /** False for types that never belong to a request ("no req" in FORMAT.md §4.1). */
    public boolean hasReq() {
        return hasReq;
    }

    public EventClass eventClass() {
        return eventClass;
    }

    /** True for types 64..127, which carry a blob instead of arguments. */
    public boolean isBlob() {
        return id > FIXED_MAX;
    }

    /** Number of arguments (0..5); 0 for blob types. */
    public int argCount() {
        return argNames.length;
    }

    /** Name of argument {@code i} as in FORMAT.md. */
    public String argName(int i) {
        return argNames[java.util.Objects.checkIndex(i, argNames.length)];
    }

    /** True when argument {@code i} is written as an svarint (two's complement value). */
    public boolean isSigned(int i) {
        java.util.Objects.checkIndex(i, argNames.length);
        return (signedMask >>> i & 1) != 0;
    }

    /** Constructor flag bits kept apart from the signed-argument mask. */
    private static final class Flags {
        static final int NO_REQ = 1 << 16;
    }
}
