package org.pmdi.analysis.errors;

/**
 * One failed request, kept as an example for a finding ("request 17 on vda at 1.2 s:
 * bad_length").
 *
 * @param id        request id
 * @param device    0..255, or -1 when unknown
 * @param status    the −errno it failed with
 * @param cause     why, as far as the trace tells
 * @param atNs      when the failure was known: REQ_DONE, else REPLY_POST, else DRV_END (AP timeline)
 * @param startNs   when the request began (its earliest event), to show it whole; or
 *                  {@link org.pmdi.analysis.request.Request#ABSENT}
 */
public record FailedRequest(long id, int device, long status, FailureCause cause, long atNs, long startNs) {
    public FailedRequest {
        if (cause == null) {
            throw new IllegalArgumentException("cause must not be null");
        }
    }
}
