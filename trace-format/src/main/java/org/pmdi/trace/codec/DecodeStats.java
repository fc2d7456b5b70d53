package org.pmdi.trace.codec;

import org.pmdi.trace.FormatVersion;

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
 * @param badHeaders      completed headers that could not be parsed (those of an unknown
 *                        version included)
 * @param headers         completed headers that parsed (repeats included)
 * @param unknownVersionHeaders completed headers refused for their magic's version (FORMAT.md §9)
 * @param unknownVersion  the version the last of those named (0..255), -1 when none
 */
public record DecodeStats(long frames, long corrupt, long unknown, long events, long lostInRing,
        long lostInTransport, long badHeaders, long headers, long unknownVersionHeaders, int unknownVersion) {

    /**
     * True when the stream had headers only of versions this decoder does not read: its events
     * cannot be trusted to mean what this decoder thinks. {@link #refusal()} says why.
     */
    public boolean onlyUnknownVersions() {
        return headers == 0 && unknownVersionHeaders > 0;
    }

    /**
     * Why a file of {@code size} bytes that gave these counts holds no trace, in plain words
     * (empty, or no valid frame: not a pmdi trace, or cut short before its first frame), or
     * null when it had a valid frame.
     */
    public String noTrace(long size) {
        if (frames > 0) {
            return null;
        }
        return size == 0 ? "the file is empty: no trace in it"
                : "not a pmdi trace: none of its " + size + " bytes forms a valid frame (FORMAT.md §3;"
                        + " or it was cut short before its first frame)";
    }

    /** The refusal of the last unknown version in plain words, or null when there was none. */
    public String refusal() {
        return unknownVersion < 0 ? null : FormatVersion.unknownMessage(unknownVersion);
    }
}
