package org.pmdi.trace.codec;

/**
 * Collects HEADER chunks of one session id until chunks 0..n-1 are all there (any order;
 * a chunk with another session id or chunk count starts over), as {@link StreamDecoder} does.
 *
 * <pre>{@code
 * HeaderAssembler a = HeaderAssembler.create();
 * byte[] blob = a.add(payload, len);   // a HEADER frame's payload; the blob once complete
 * if (blob != null) SessionHeader h = HeaderCodec.parse(blob);
 * }</pre>
 *
 * Not thread-safe.
 */
public final class HeaderAssembler {
    private final byte[][] chunks = new byte[256][];
    private long sessionId = -1;
    private int count;
    private int have;

    HeaderAssembler() {
    }

    public static HeaderAssembler create() {
        return new HeaderAssembler();
    }

    /**
     * Adds the chunk in {@code payload[0, len)} (a HEADER frame, kind byte included); returns
     * the whole blob when this chunk completes it, else null. Malformed chunks are ignored
     * and return null.
     */
    public byte[] add(byte[] payload, int len) {
        if (len < 7) {
            return null;
        }
        long sid = org.pmdi.trace.LittleEndian.u32(payload, 1);
        int chunk = payload[5] & 0xff;
        int n = payload[6] & 0xff;
        if (n == 0 || chunk >= n) {
            return null;
        }
        if (sid != sessionId || n != count) {
            java.util.Arrays.fill(chunks, null);
            sessionId = sid;
            count = n;
            have = 0;
        }
        if (chunks[chunk] == null) {
            have++;
        }
        chunks[chunk] = java.util.Arrays.copyOfRange(payload, 7, len);
        if (have < count) {
            return null;
        }
        int total = 0;
        for (int i = 0; i < count; i++) {
            total += chunks[i].length;
        }
        byte[] blob = new byte[total];
        int o = 0;
        for (int i = 0; i < count; i++) {
            System.arraycopy(chunks[i], 0, blob, o, chunks[i].length);
            o += chunks[i].length;
            chunks[i] = null;
        }
        have = 0;
        return blob;
    }
}
