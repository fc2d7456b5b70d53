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
 * valid COBS, longer than 255 bytes (so kind and body over 250 bytes are refused, as writers
 * never produce them), decodes to fewer than 5 bytes, or fails the CRC. Good
 * frames of an unknown kind are counted as unknown and dropped; good frames of a known kind
 * go to the sink. Never throws on bad input; each byte is looked at a bounded number of
 * times. Not thread-safe: one thread pushes.
 */
public final class FrameDecoder {
    /** Most encoded bytes between two delimiters: 250 of kind and body, 4 of CRC, 1 of COBS. */
    static final int ENCODED_MAX = FrameKind.WIRE_MAX - 1;

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
                    bad(false);
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
                    bad(false);
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
            bad(false);
        }
        accLen = 0;
        discarding = false;
        frameStart = position;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Index of the first 0x00 in {@code b[from, end)}, or -1; sixteen then eight bytes per step. */
    private static int indexOfZero(byte[] b, int from, int end) {
        int i = from;
        // two words per branch while no zero is near (a frame is about 250 bytes), then one;
        // loops in counted form (i <= limit), which C2 compiles without a safepoint poll
        for (int last = end - 16; i <= last; i += 16) {
            long w = (long) LONGS.get(b, i);
            long v = (long) LONGS.get(b, i + 8);
            if ((((w - ONES) & ~w | (v - ONES) & ~v) & HIGHS) != 0) {
                break; // a zero in these 16 bytes: found below
            }
        }
        for (int last = end - 8; i <= last; i += 8) {
            long w = (long) LONGS.get(b, i);
            long z = (w - ONES) & ~w & HIGHS;
            if (z != 0) {
                return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        for (; i < end; i++) {
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
        int z = indexOfZero(src, start, Math.min(end, start + ENCODED_MAX + 1));
        if (z < 0) {
            if (end - start <= ENCODED_MAX) {
                return -1;
            }
            z = indexOfZero(src, start + ENCODED_MAX + 1, end);
            if (z < 0) {
                return -1;
            }
            bad(false);
            return z + 1;
        }
        if (z == start) {
            return z + 1;
        }
        int n = withoutFullBlocks(src, start, z);
        if (n == CORRUPT) {
            bad(false);
            return z + 1;
        }
        if (n >= 0) {
            frame(n);
            return z + 1;
        }
        // a frame with a 0xFF block (254 non-zero bytes in a row): block by block
        final byte[] o = out;
        n = 0;
        int p = start;
        while (true) {
            int code = src[p] & 0xff;
            int blockEnd = p + code;
            if (blockEnd > z) {
                bad(false);
                return z + 1;
            }
            p++;
            int k = blockEnd - p;
            System.arraycopy(src, p, o, n, k);
            n += k;
            p = blockEnd;
            if (p == z) {
                break;
            }
            if (code < 0xff) {
                o[n++] = 0;
            }
        }
        frame(n);
        return z + 1;
    }

    private static final int CORRUPT = -2;

    /**
     * The usual frame, with no 0xFF block: every code byte but the first stands for one zero,
     * so the decoded frame is the encoded bytes after the first code byte with the later
     * code bytes zeroed, at the same offsets. One bulk copy and a walk along the code
     * chain, instead of a copy per block. Returns the decoded length, {@link #CORRUPT} when
     * a block runs past {@code z}, or -1 at a 0xFF block (left to the general loop).
     */
    private int withoutFullBlocks(byte[] src, int start, int z) {
        final byte[] o = out;
        int n = z - start - 1;
        System.arraycopy(src, start + 1, o, 0, n);
        // the chain is walked in the copy: code byte src[start + 1 + k] is o[k] until zeroed
        int code = src[start] & 0xff;
        int k = -1;
        // at most n + 1 steps: no code byte before z is 0, so each moves k forward (a counted loop)
        for (int step = 0; step <= n; step++) {
            if (code == 0xff) {
                return -1;
            }
            k += code;
            if (k >= n) {
                return k == n ? n : CORRUPT;
            }
            code = o[k] & 0xff;
            o[k] = 0;
        }
        return CORRUPT; // not reached
    }

    /** Counts a corrupt or unknown frame and tells the sink where it began. */
    private void bad(boolean unknownKind) {
        if (unknownKind) {
            unknown++;
        } else {
            corrupt++;
        }
        sink.onBadFrame(unknownKind, frameStart);
    }

    private void frame(int n) {
        if (n < 1 + FrameKind.CRC_LEN) {
            bad(false);
            return;
        }
        int len = n - FrameKind.CRC_LEN;
        crc.reset();
        crc.update(out, 0, len);
        int want = (out[len] & 0xff) | (out[len + 1] & 0xff) << 8 | (out[len + 2] & 0xff) << 16
                | (out[len + 3] & 0xff) << 24;
        if ((int) crc.getValue() != want) {
            bad(false);
            return;
        }
        int kind = out[0] & 0xff;
        if (!FrameKind.isKnown(kind)) {
            bad(true);
            return;
        }
        good++;
        sink.onFrame(kind, out, len, frameStart);
    }
}
