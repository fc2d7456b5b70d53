package org.pmdi.trace;

/**
 * Why Linux failed a request (the mailbox ABI's {@code enum pmdi_mbox_reason}, carried by
 * REQ_REFUSED records from trace format v1 on).
 *
 * <pre>{@code
 * RefusalReason r = RefusalReason.of(5);   // BAD_LENGTH
 * boolean bug = r.apFault();              // true: the new OS sent a malformed request
 * }</pre>
 */
public enum RefusalReason {
    OK(0, "ok", "no error", false),
    BAD_VERSION(1, "bad_version", "slot's ABI version is wrong", true),
    BAD_DEVICE(2, "bad_device", "no such device", true),
    BAD_OP(3, "bad_op", "operation unknown or not for this device class", true),
    BAD_BUFFER(4, "bad_buffer", "buffer not inside one I/O window chunk", true),
    BAD_LENGTH(5, "bad_length", "length zero, too long, or not whole blocks", true),
    BAD_OFFSET(6, "bad_offset", "offset beyond capacity or not block aligned", true),
    MISALIGNED(7, "misaligned", "buffer address not aligned as required", true),
    DEVICE_ERROR(8, "device_error", "the Linux driver reported an error", false),
    SHUTDOWN(9, "shutdown", "the dispatcher is unloading", false),
    NO_MEMORY(10, "no_memory", "Linux could not allocate for it", false),
    BAD_FLAGS(11, "bad_flags", "reserved flag bits set", true),
    /** A SEND while the NIC's link was down: not the new OS's fault. */
    LINK_DOWN(12, "link_down", "the network link is down", false),
    /** A RECV beyond the NIC's rx_pool: the new OS posted more buffers than the device table allows. */
    RX_POOL_FULL(13, "rx_pool_full", "receive pool full: more buffers posted than rx_pool", true),
    /** A code this version does not know. */
    UNKNOWN(-1, "unknown", "reason code unknown to this version", false);

    private static final RefusalReason[] BY_CODE = {OK, BAD_VERSION, BAD_DEVICE, BAD_OP, BAD_BUFFER, BAD_LENGTH,
        BAD_OFFSET, MISALIGNED, DEVICE_ERROR, SHUTDOWN, NO_MEMORY, BAD_FLAGS, LINK_DOWN, RX_POOL_FULL};

    private final int code;
    private final String key;
    private final String description;
    private final boolean apFault;

    RefusalReason(int code, String key, String description, boolean apFault) {
        this.code = code;
        this.key = key;
        this.description = description;
        this.apFault = apFault;
    }

    /** The reason with this code, {@link #UNKNOWN} for codes this version does not list. */
    public static RefusalReason of(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : UNKNOWN;
    }

    /** The ABI code (-1 for {@link #UNKNOWN}). */
    public int code() {
        return code;
    }

    /** Short machine name for CSV and JSON ("bad_length"). */
    public String key() {
        return key;
    }

    /** Plain words for reports. */
    public String description() {
        return description;
    }

    /** True when the request itself was malformed: a bug in the new OS, not in Linux. */
    public boolean apFault() {
        return apFault;
    }
}
