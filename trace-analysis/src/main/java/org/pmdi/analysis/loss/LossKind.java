package org.pmdi.analysis.loss;

/**
 * Why events may be missing from a {@link LossRegion}.
 *
 * <pre>{@code
 * String why = LossKind.SEQ_GAP.words();   // "lost in transport"
 * }</pre>
 */
public enum LossKind {
    /** A LOST record: the trace ring was full (the count is exact). */
    RING_LOST("dropped by a full trace ring"),
    /** A jump in the source's seq (the count is exact). */
    SEQ_GAP("lost in transport"),
    /** A corrupt or unknown frame (or a recording gap) after the source's last event; it never wrote again. */
    BAD_FRAME("maybe in a corrupt frame or a recording gap"),
    /** The source's first event had seq > 0: the reader attached late (the count is exact). */
    BEFORE_ATTACH("written before the reader attached");

    private final String words;

    LossKind(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
