package org.pmdi.analysis.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One CTF data stream file: packets of at most 64 KiB with the header and context of
 * {@link CtfMetadata}; event timestamps are kept monotonic. Not thread-safe.
 */
final class CtfStreamWriter implements AutoCloseable {
    private static final int PACKET = 1 << 16;
    private static final int HEAD = 8 + 8 + 8 + 8 + 8 + 4;
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(PACKET).order(ByteOrder.LITTLE_ENDIAN);
    private final int streamId;
    private final int source;
    private long first = -1;
    private long last;
    private long events;

    CtfStreamWriter(Path file, int streamId, int source) throws IOException {
        this.ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        this.streamId = streamId;
        this.source = source;
        buf.position(HEAD);
    }

    /** Starts an event of {@code id} needing at most {@code maxPayload} bytes; returns the buffer to fill. */
    ByteBuffer begin(int id, long ns, int maxPayload) throws IOException {
        if (buf.remaining() < 10 + maxPayload) {
            flushPacket();
        }
        long ts = Math.max(last, Math.max(0, ns));
        if (first < 0) {
            first = ts;
        }
        last = ts;
        buf.putShort((short) id);
        buf.putLong(ts);
        events++;
        return buf;
    }

    static void putString(ByteBuffer b, String s) {
        b.put(s.getBytes(StandardCharsets.UTF_8));
        b.put((byte) 0);
    }

    private void flushPacket() throws IOException {
        int size = buf.position();
        if (size == HEAD) {
            return;
        }
        buf.putInt(0, CtfMetadata.MAGIC);
        buf.putInt(4, streamId);
        buf.putLong(8, first);
        buf.putLong(16, last);
        buf.putLong(24, (long) size * 8);
        buf.putLong(32, (long) size * 8);
        buf.putInt(40, source);
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
        buf.position(HEAD);
        first = -1;
    }

    long events() {
        return events;
    }

    @Override
    public void close() throws IOException {
        flushPacket();
        ch.close();
    }
}
