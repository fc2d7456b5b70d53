package org.pmdi.trace;

/**
 * Reads an INFLIGHT blob in place: an array of {@code struct pmdi_blob_inflight} (16 bytes
 * each, offsets in {@link Layout}), Linux's snapshot of the requests it holds. The one
 * parser of these blobs: the analysis reads it once per snapshot without allocating, the
 * event table shows {@link #describe}.
 *
 * <pre>{@code
 * for (int i = 0, n = Inflight.count(len); i < n; i++) {
 *     long req = Inflight.req(buf, off, i);                // entry i of the blob at buf[off..]
 *     InflightPhase p = InflightPhase.fromCode(Inflight.phase(buf, off, i));
 * }
 * }</pre>
 *
 * A partial entry at the end of a blob is ignored. Indexes are not checked beyond the
 * array's own bounds: callers loop to {@link #count(int)}.
 */
public final class Inflight {
    private Inflight() {
    }

    /** Whole entries in a blob of {@code len} bytes. */
    public static int count(int len) {
        return Math.max(0, len) / Layout.INFLIGHT_SIZE;
    }

    /** The writer's TSC when entry {@code i} entered its phase (a u64 bit pattern). */
    public static long sinceTsc(byte[] buf, int off, int i) {
        return LittleEndian.u64(buf, at(off, i) + Layout.INFLIGHT_SINCE_TSC);
    }

    /** Request id, 0..2^32-1. */
    public static long req(byte[] buf, int off, int i) {
        return LittleEndian.u32(buf, at(off, i) + Layout.INFLIGHT_REQ);
    }

    /** Device id, 0..255. */
    public static int dev(byte[] buf, int off, int i) {
        return LittleEndian.u8(buf, at(off, i) + Layout.INFLIGHT_DEV);
    }

    /** {@link Op} code, 0..255. */
    public static int op(byte[] buf, int off, int i) {
        return LittleEndian.u8(buf, at(off, i) + Layout.INFLIGHT_OP);
    }

    /** {@link InflightPhase} code, 0..255. */
    public static int phase(byte[] buf, int off, int i) {
        return LittleEndian.u8(buf, at(off, i) + Layout.INFLIGHT_PHASE);
    }

    /**
     * Writes entry {@code i} of a blob at {@code buf[off..]} (for encoders and tests);
     * {@code req} 0..2^32-1, the others 0..255.
     */
    public static void put(byte[] buf, int off, int i, long sinceTsc, long req, int dev, int op, int phase) {
        Checks.range("req", req, 0, 0xffffffffL);
        Checks.range("dev", dev, 0, 255);
        Checks.range("op", op, 0, 255);
        Checks.range("phase", phase, 0, 255);
        int o = at(off, i);
        java.util.Arrays.fill(buf, o, o + Layout.INFLIGHT_SIZE, (byte) 0);
        LittleEndian.put64(buf, o + Layout.INFLIGHT_SINCE_TSC, sinceTsc);
        LittleEndian.put32(buf, o + Layout.INFLIGHT_REQ, (int) req);
        buf[o + Layout.INFLIGHT_DEV] = (byte) dev;
        buf[o + Layout.INFLIGHT_OP] = (byte) op;
        buf[o + Layout.INFLIGHT_PHASE] = (byte) phase;
    }

    /** One line for an event table: "2 in flight: req 7 dev 1 read in driver; req 9 dev 0 write queued". */
    public static String describe(byte[] buf, int off, int len) {
        int n = count(len);
        StringBuilder sb = new StringBuilder().append(n).append(" in flight");
        for (int i = 0; i < n; i++) {
            int opCode = op(buf, off, i);
            int phaseCode = phase(buf, off, i);
            Op op = Op.fromCode(opCode);
            InflightPhase p = InflightPhase.fromCode(phaseCode);
            sb.append(i == 0 ? ": " : "; ").append("req ").append(req(buf, off, i)).append(" dev ")
                    .append(dev(buf, off, i)).append(' ')
                    .append(op == null ? "op " + opCode : op.name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                    .append(p == null ? "phase " + phaseCode : p.label());
        }
        return sb.toString();
    }

    private static int at(int off, int i) {
        return off + i * Layout.INFLIGHT_SIZE;
    }
}
