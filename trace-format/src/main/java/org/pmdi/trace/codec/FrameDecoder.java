package org.pmdi.trace.codec;

import java.util.zip.CRC32C;

/**
 * Incremental COBS + CRC32C frame decoder with resynchronisation (FORMAT.md §3).
 *
 * <pre>{@code
 * FrameDecoder fd = FrameDecoder.create(sink);
 * fd.push(chunk, 0, n);      // any chunking, down to one byte at a time
 * ...
 * fd.finish();               // end of input: a partial last frame counts as corrupt
 * long bad = fd.corrupt();
 * }</pre>
 *
 * Bytes between two delimiters form a frame; it is corrupt (counted, dropped) if it is not
 * valid COBS, longer than 256 bytes, decodes to fewer than 5 bytes, or fails the CRC. Good
 * frames of an unknown kind are counted as unknown and dropped; good frames of a known kind
 * go to the sink. Never throws on bad input; each byte is looked at a bounded number of
 * times. Not thread-safe: one thread pushes.
 */
public final class FrameDecoder {
    /** Most encoded bytes between two delimiters. */
    static final int ENCODED_MAX = FrameKind.WIRE_MAX;

    private final FrameSink sink;
    private final CRC32C crc = new CRC32C();
    private final byte[] acc = new byte[ENCODED_MAX + 1];
    /** Decoded frame; slack after it so record parsers may overread a little without checks. */
    private final byte[] out = new byte[ENCODED_MAX + 128];
    private int accLen;
    private boolean discarding;
    private long position;
    private long frameStart;
    private long good;
    private long corrupt;
    private long unknown;

    private FrameDecoder(FrameSink sink) {
        this.sink = sink;
    }

    /** A decoder delivering good frames to {@code sink} (not null). */
    public static FrameDecoder create(FrameSink sink) {
        if (sink == null) {
            throw new IllegalArgumentException("sink must not be null");
        }
        return new FrameDecoder(sink);
    }

    /**
     * Sets the stream offset of the next pushed byte (for offsets reported to the sink), e.g.
     * when starting in the middle of a file. Call between frames.
     */
    public void position(long offset) {
        position = offset;
        frameStart = offset;
    }

    /** Stream offset of the next byte to be pushed. */
    public long position() {
        return position;
    }

    public long good() {
        return good;
    }

    public long corrupt() {
        return corrupt;
    }

    public long unknown() {
        return unknown;
    }

    /** True when bytes of an unfinished frame are buffered. */
    public boolean hasPartialFrame() {
        return accLen > 0 || discarding;
    }

    /** Decodes {@code b[off, off+len)}. */
    public void push(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        int end = off + len;
        long base = position - off;
        int i = off;
        if (accLen > 0 || discarding) {
            int z = indexOfZero(b, i, end);
            if (discarding) {
                if (z < 0) {
                    position += len;
                    return;
                }
                discarding = false;
            } else {
                int n = (z < 0 ? end : z) - i;
                if (accLen + n > ENCODED_MAX) {
                    corrupt++;
                    accLen = 0;
                    if (z < 0) {
                        discarding = true;
                        position += len;
                        return;
                    }
                } else {
                    System.arraycopy(b, i, acc, accLen, n);
                    accLen += n;
                    if (z < 0) {
                        position += len;
                        return;
                    }
                    acc[accLen] = 0;
                    decodeAt(acc, 0, accLen + 1);
                    accLen = 0;
                }
            }
            i = z + 1;
            frameStart = base + i;
        }
        while (i < end) {
            int r = decodeAt(b, i, end);
            if (r < 0) {
                int n = end - i;
                if (n > ENCODED_MAX) {
                    corrupt++;
                    discarding = true;
                } else {
                    System.arraycopy(b, i, acc, 0, n);
                    accLen = n;
                }
                break;
            }
            i = r;
            frameStart = base + i;
        }
        position += len;
    }

    /** End of input: a buffered partial frame is counted as corrupt and dropped. */
    public void finish() {
        if (accLen > 0) {
            corrupt++;
        }
        accLen = 0;
        discarding = false;
        frameStart = position;
    }

    private static int indexOfZero(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Decodes the frame starting at {@code src[start]}; returns the index after its delimiter,
     * or -1 when {@code end} comes first.
     */
    private int decodeAt(byte[] src, int start, int end) {
        final byte[] o = out;
        int p = start;
        int n = 0;
        boolean pendingZero = false;
        while (true) {
            if (p >= end) {
                return -1;
            }
            int code = src[p] & 0xff;
            if (code == 0) {
                if (p > start) {
                    frame(n);
                }
                return p + 1;
            }
            int blockEnd = p + code;
            if (blockEnd - start > ENCODED_MAX) {
                int z = indexOfZero(src, p, end);
                if (z < 0) {
                    return -1;
                }
                corrupt++;
                return z + 1;
            }
            if (pendingZero) {
                o[n++] = 0;
            }
            p++;
            int stop = Math.min(blockEnd, end);
            while (p < stop) {
                byte x = src[p];
                if (x == 0) {
                    corrupt++;
                    return p + 1;
                }
                o[n++] = x;
                p++;
            }
            if (p < blockEnd) {
                return -1;
            }
            pendingZero = code < 0xff;
        }
    }

    private void frame(int n) {
        if (n < 1 + FrameKind.CRC_LEN) {
            corrupt++;
            return;
        }
        int len = n - FrameKind.CRC_LEN;
        crc.reset();
        crc.update(out, 0, len);
        int want = (out[len] & 0xff) | (out[len + 1] & 0xff) << 8 | (out[len + 2] & 0xff) << 16
                | (out[len + 3] & 0xff) << 24;
        if ((int) crc.getValue() != want) {
            corrupt++;
            return;
        }
        int kind = out[0] & 0xff;
        if (!FrameKind.isKnown(kind)) {
            unknown++;
            return;
        }
        good++;
        sink.onFrame(kind, out, len, frameStart);
    }
}
