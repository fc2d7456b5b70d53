package org.pmdi.analysis.errors;

import java.util.List;

/**
 * How many requests of one device failed with one cause and one status, when the first and
 * the last did, and the first few of them.
 *
 * @param device  0..255, or -1 when unknown
 * @param cause   why
 * @param status  the −errno
 * @param count   ≥ 1
 * @param firstNs the first failure's time ({@link FailedRequest#atNs()})
 * @param lastNs  the last failure's time
 * @param first   the earliest failures (at most {@link #EXAMPLES}), oldest first
 */
public record CauseCount(int device, FailureCause cause, long status, long count, long firstNs, long lastNs,
        List<FailedRequest> first) {
    /** How many example requests a count keeps. */
    public static final int EXAMPLES = 5;

    public CauseCount {
        if (cause == null || count < 1) {
            throw new IllegalArgumentException("cause must not be null and count >= 1");
        }
        first = List.copyOf(first);
    }

    /** The status's name ("EIO"). */
    public String statusName() {
        return Errno.name(status);
    }
}
