package org.pmdi.trace;

/**
 * A frame the decoder dropped (FORMAT.md §7): corrupt (bad COBS, CRC or length) or of a kind
 * this version does not know. Not a frame on the wire: the decoder's account of one, so that
 * a live reader, like a file reader, knows that records of any source may be missing here.
 *
 * <pre>{@code
 * StreamDecoder d = StreamDecoder.create(TraceItems.visitor(item -> {
 *     if (item instanceof BadFrame b) corrupt++;
 * }));
 * }</pre>
 *
 * @param unknownKind true for a well-formed frame of an unknown kind, false for a corrupt one
 * @param offset      the frame's offset in the stream (bytes since the decoder started)
 */
public record BadFrame(boolean unknownKind, long offset) implements TraceItem {
}
