package org.pmdi.trace.codec;

/**
 * Counters of a {@link StreamDecoder}, a snapshot.
 *
 * <pre>{@code
 * DecodeStats s = decoder.stats();
 * long lost = s.lostInRing() + s.lostInTransport();
 * }</pre>
 *
 * @param frames          good frames of a known kind (CRC good)
 * @param corrupt         frames dropped as corrupt (bad COBS, too long, too short, bad CRC,
 *                        a truncated last frame)
 * @param unknown         good frames of an unknown kind, plus EVENTS frames whose rest could not
 *                        be decoded (an unlisted event type or a malformed record)
 * @param events          records decoded
 * @param lostInRing      sum of LOST records' counts
 * @param lostInTransport sum of per-source seq gaps
 * @param badHeaders      completed headers that could not be parsed
 */
public record DecodeStats(long frames, long corrupt, long unknown, long events, long lostInRing,
        long lostInTransport, long badHeaders) {
}
