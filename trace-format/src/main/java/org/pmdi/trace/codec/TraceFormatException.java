package org.pmdi.trace.codec;

/**
 * Bytes that are not valid trace format: a header blob with an unknown magic or a bad TLV,
 * an index blob that does not parse. The stream decoder never throws it; parsers of whole
 * blobs do.
 *
 * <pre>{@code
 * try { HeaderCodec.parse(blob); } catch (TraceFormatException e) { log(e.getMessage()); }
 * }</pre>
 */
public final class TraceFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public TraceFormatException(String message) {
        super(message);
    }
}
