package org.pmdi.analysis.errors;

import org.pmdi.trace.RefusalReason;

/**
 * Why a request failed, as far as the trace tells: the Linux driver returned an error, Linux
 * refused the request (with the mailbox's {@link RefusalReason}), or nothing in the trace
 * says.
 *
 * <pre>{@code
 * FailureCause c = FailureCause.refused(RefusalReason.BAD_LENGTH);
 * c.kind();   // MALFORMED: the new OS sent a bad request
 * c.key();    // "bad_length"
 * }</pre>
 *
 * @param kind   what kind of failure
 * @param reason the refusal reason ({@link RefusalReason#DEVICE_ERROR} for a driver error),
 *               or null when the trace gives none
 */
public record FailureCause(Kind kind, RefusalReason reason) {
    /** Whose failure it is. */
    public enum Kind {
        /** The Linux driver failed the request (DRV_END status &lt; 0, or reason device_error). */
        DEVICE_ERROR,
        /** Linux refused a malformed request: a bug in the new OS ({@link RefusalReason#apFault()}). */
        MALFORMED,
        /** Linux refused a well-formed request: unloading, out of memory, or a code this version does not know. */
        REFUSED,
        /** Failed, and the trace says neither (a v0 trace, or the record explaining it was lost). */
        UNKNOWN
    }

    /** A driver error. */
    public static final FailureCause DEVICE_ERROR = new FailureCause(Kind.DEVICE_ERROR, RefusalReason.DEVICE_ERROR);
    /** A failure the trace does not explain. */
    public static final FailureCause UNKNOWN = new FailureCause(Kind.UNKNOWN, null);

    public FailureCause {
        if (kind == null || (reason == null) != (kind == Kind.UNKNOWN)) {
            throw new IllegalArgumentException("kind must not be null, and reason null exactly for UNKNOWN");
        }
    }

    /**
     * The cause a REQ_REFUSED {@code reason} names: device_error is a driver error, a reason
     * {@link RefusalReason#apFault()} a malformed request, any other a refusal ({@code OK}
     * explains nothing: UNKNOWN).
     */
    public static FailureCause refused(RefusalReason reason) {
        if (reason == null || reason == RefusalReason.OK) {
            return UNKNOWN;
        }
        if (reason == RefusalReason.DEVICE_ERROR) {
            return DEVICE_ERROR;
        }
        return new FailureCause(reason.apFault() ? Kind.MALFORMED : Kind.REFUSED, reason);
    }

    /**
     * Short machine name for the report and JSON: "device_error", a refusal reason's key
     * ("bad_length"), "refused_other" for a reason code this version does not know, or
     * "unknown".
     */
    public String key() {
        if (reason == null) {
            return "unknown";
        }
        return reason == RefusalReason.UNKNOWN ? "refused_other" : reason.key();
    }

    /** Plain words. */
    public String words() {
        return reason == null ? "failed, reason unknown" : reason.description();
    }
}
