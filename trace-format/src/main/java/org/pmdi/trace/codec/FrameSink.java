package org.pmdi.trace.codec;

/**
 * Receives the good frames a {@link FrameDecoder} finds.
 *
 * <pre>{@code
 * FrameDecoder fd = FrameDecoder.create((kind, payload, len, offset) -> { ... });
 * }</pre>
 */
@FunctionalInterface
public interface FrameSink {
    /**
     * A frame whose CRC is good and whose kind is known (1..5).
     *
     * @param kind    the frame kind, {@code payload[0]}
     * @param payload kind and body, without the CRC; valid only during the call, do not keep
     * @param len     bytes of kind and body (1..255)
     * @param offset  stream offset of the frame's first byte (after the previous delimiter)
     */
    void onFrame(int kind, byte[] payload, int len, long offset);

    /**
     * A frame that was dropped: corrupt (COBS, length or CRC), or of an unknown kind. Its
     * source, if it held events, is unknown.
     *
     * @param unknownKind true for a good frame of an unknown kind, false for a corrupt one
     * @param offset      stream offset where the frame began (after the previous delimiter)
     */
    default void onBadFrame(boolean unknownKind, long offset) {
    }
}
