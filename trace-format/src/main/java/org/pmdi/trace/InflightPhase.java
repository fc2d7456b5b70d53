package org.pmdi.trace;

/**
 * Where Linux holds an in-flight request ({@code enum pmdi_phase}), the phase field of an
 * INFLIGHT entry ({@link Inflight}). Not the analysis's latency phases: these are states.
 *
 * <pre>{@code
 * InflightPhase p = InflightPhase.fromCode(code);   // null when this version does not know the code
 * }</pre>
 */
public enum InflightPhase {
    /** Posted, not yet dispatched. */
    QUEUED(0, "queued"),
    /** Validated, waiting for a worker. */
    DISPATCHED(1, "dispatched"),
    /** Inside the Linux driver. */
    IN_DRIVER(2, "in driver"),
    /** Completion posted, not yet taken by the AP. */
    REPLIED(3, "replied");

    private static final InflightPhase[] BY_CODE = values();

    private final int code;
    private final String label;

    InflightPhase(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The numeric code on the wire. */
    public int code() {
        return code;
    }

    /** Plain words for tables ("in driver"). */
    public String label() {
        return label;
    }

    /** The constant with this code, or null if there is none (any int accepted). */
    public static InflightPhase fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
