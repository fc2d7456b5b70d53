package org.pmdi.analysis.live;

import java.util.Locale;

/**
 * One change a live watch saw: a request became stuck, recovered, stopped being reported
 * stuck, or a finding showed up for the first time.
 *
 * <pre>{@code
 * for (Transition t : watch.update(live.snapshot())) System.out.println(t.line());
 * // "   21.4 s  RECOVERED  vdc request 812: done after 11.90 s, 11.88 s of it in the driver, status 0"
 * }</pre>
 *
 * @param kind      what changed
 * @param atNs      when, on the trace's AP timeline (the snapshot's "now")
 * @param device    the device id, or -1
 * @param requestId the request, or -1
 * @param text      the subject and what happened, plain words
 */
public record Transition(Kind kind, long atNs, int device, long requestId, String text) {
    /** What changed. */
    public enum Kind {
        /** A request is past its stuck threshold (or its diagnosis changed). */
        STUCK,
        /** A request reported stuck completed. */
        RECOVERED,
        /** A request reported stuck is no longer, without a completion seen (given up or re-diagnosed). */
        CLEARED,
        /** A finding other than a stuck request, the first time it is seen for its device. */
        FINDING
    }

    public Transition {
        if (kind == null || text == null) {
            throw new IllegalArgumentException("kind and text must not be null");
        }
    }

    /** The transition as one line: trace time in seconds, kind, text. */
    public String line() {
        return String.format(Locale.ROOT, "%9.1f s  %-9s  %s", atNs / 1e9, kind, text);
    }
}
