package org.pmdi.analysis.findings;

import org.pmdi.analysis.request.Request;

/**
 * A request outstanding longer than its device's threshold, with where it stopped.
 *
 * <pre>{@code
 * for (StuckRequest s : snapshot.stuck()) System.out.println(s.request().id() + ": " + s.reason().words());
 * }</pre>
 *
 * @param ageNs       now minus the request's first event, ≥ threshold
 * @param thresholdNs the device's threshold, > 0
 * @param detail      the last point seen and how long ago, plain words
 */
public record StuckRequest(Request request, StuckReason reason, String detail, long ageNs, long thresholdNs) {
}
