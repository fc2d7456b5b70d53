package org.pmdi.trace.codec;

import org.pmdi.trace.GapMark;
import org.pmdi.trace.SessionHeader;

/**
 * Zero-allocation callbacks of a {@link StreamDecoder}, in stream order.
 *
 * <pre>{@code
 * StreamDecoder d = StreamDecoder.create(new TraceVisitor() {
 *     public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) { ... }
 *     public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) { ... }
 * });
 * }</pre>
 *
 * Ranges: source 0..255; seq and tsc are u64 bit patterns; type 1..127; req 0..2^32-1.
 * Signed arguments hold their s64 value, others their u64 bit pattern. Arrays passed in are
 * reused: valid only during the call.
 */
public interface TraceVisitor {
    /** An event of a fixed type; {@code args[0, nargs)} are its arguments. */
    void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs);

    /** An event of a blob type; the blob is {@code buf[off, off+len)}. */
    void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len);

    /** A session header completed (every time its chunks complete, repeats included). */
    default void onHeader(SessionHeader header) {
    }

    /** A GAP frame. */
    default void onGap(GapMark gap) {
    }

    /**
     * An EVENTS frame begins; its records follow as onEvent/onBlob calls.
     *
     * @param offset stream (or file) offset of the frame's first byte
     */
    default void onEventsFrame(int source, long seq, long offset) {
    }

    /** Records {@code [expectedSeq, seq)} of {@code source} were lost in transport. */
    default void onTransportLoss(int source, long expectedSeq, long seq) {
    }

    /**
     * A frame was dropped: corrupt, of an unknown kind, or too short to hold its own header.
     * Its records, if any, are lost and their source is unknown; the next frame of that
     * source shows a seq jump (a source that never writes again shows nothing else).
     *
     * @param unknownKind true for a frame whose kind (or body) is unknown, false for a corrupt one
     * @param offset      stream offset where the frame began
     */
    default void onBadFrame(boolean unknownKind, long offset) {
    }

    /**
     * An EVENTS frame of {@code source} starting below the seq already reached in this
     * session: a duplicate, dropped (its records are not delivered again).
     */
    default void onDuplicateFrame(int source, long seq, long offset) {
    }

    /** A completed header could not be parsed (e.g. an unknown version's magic). */
    default void onBadHeader(String message) {
    }
}
