package org.pmdi.bridge.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;
import org.pmdi.trace.GapReason;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.file.MappedTraceReader;

/**
 * A saved trace replayed as a live stream: at recorded speed, N times faster, or as fast as
 * possible. The index and trailer of the file are not replayed.
 *
 * <pre>{@code
 * Transport t = ReplayTransport.of(Path.of("samples/demo.pmdt"), ReplaySpeed.times(4));
 * }</pre>
 *
 * Path and speed not null. Pacing is per frame, from the base TSC of each EVENTS frame
 * (see {@link ReplayPacer}); frames are delivered whole, except that a read shorter than a
 * frame gets the frame in pieces. Never reconnects. Immutable.
 */
public final class ReplayTransport implements Transport {
    static final int POLL_MS = 100;
    private static final int CHUNK = 1 << 16;

    private final Path path;
    private final ReplaySpeed speed;

    private ReplayTransport(Path path, ReplaySpeed speed) {
        this.path = path;
        this.speed = speed;
    }

    /** Replays {@code path} (not null) at {@code speed} (not null). */
    public static ReplayTransport of(Path path, ReplaySpeed speed) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        if (speed == null) {
            throw new IllegalArgumentException("speed must not be null");
        }
        return new ReplayTransport(path, speed);
    }

    public Path path() {
        return path;
    }

    public ReplaySpeed speed() {
        return speed;
    }

    @Override
    public Connection open() throws IOException {
        long dataEnd;
        SessionHeader h;
        try (MappedTraceReader r = MappedTraceReader.open(path)) {
            dataEnd = r.index().dataEnd();
            h = r.header();
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        ReplayPacer pacer = speed.unpaced() ? null : ReplayPacer.create(h, speed.factor());
        return new ReplayConnection(ch, dataEnd, pacer);
    }

    /** A saved trace keeps its data while the bridge waits. */
    @Override
    public boolean keepsData() {
        return true;
    }

    @Override
    public boolean reconnectable() {
        return false;
    }

    @Override
    public GapReason gapReason() {
        return GapReason.READ_ERROR;
    }

    @Override
    public String describe() {
        return "replay " + path + " @" + speed;
    }

    /** One replay in progress. */
    private static final class ReplayConnection implements Connection {
        private final FileChannel ch;
        private final long dataEnd;
        private final ReplayPacer pacer;
        private final byte[] buf = new byte[CHUNK];
        private int bufPos;
        private int bufLen;
        private long fileRead;
        private final long startNs = System.nanoTime();
        /** The frame being delivered: buf[frameStart, frameEnd) incl. delimiter; -1 when none. */
        private int frameEnd = -1;
        private long frameDue;
        private volatile boolean closed;

        ReplayConnection(FileChannel ch, long dataEnd, ReplayPacer pacer) {
            this.ch = ch;
            this.dataEnd = dataEnd;
            this.pacer = pacer;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                return -1;
            }
            try {
                if (bufPos == bufLen && !fill()) {
                    return -1;
                }
            } catch (ClosedChannelException e) {
                return -1;
            }
            if (pacer == null) {
                int n = Math.min(len, bufLen - bufPos);
                System.arraycopy(buf, bufPos, b, off, n);
                bufPos += n;
                return n;
            }
            if (frameEnd < 0) {
                int z = bufPos;
                while (z < bufLen && buf[z] != 0) {
                    z++;
                }
                if (z == bufLen && bufPos > 0) {
                    compact();
                    if (!fill()) {
                        frameEnd = bufLen;
                        frameDue = 0;
                        return deliver(b, off, len);
                    }
                    return 0;
                }
                frameEnd = z < bufLen ? z + 1 : bufLen;
                frameDue = pacer.dueNanos(buf, bufPos, frameEnd - bufPos - (z < bufLen ? 1 : 0));
            }
            long wait = frameDue - (System.nanoTime() - startNs);
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, POLL_MS * 1_000_000L));
                if (closed) {
                    return -1;
                }
                if (frameDue - (System.nanoTime() - startNs) > 0) {
                    return 0;
                }
            }
            return deliver(b, off, len);
        }

        private int deliver(byte[] b, int off, int len) {
            int n = Math.min(len, frameEnd - bufPos);
            System.arraycopy(buf, bufPos, b, off, n);
            bufPos += n;
            if (bufPos == frameEnd) {
                frameEnd = -1;
            }
            return n;
        }

        private void compact() {
            System.arraycopy(buf, bufPos, buf, 0, bufLen - bufPos);
            bufLen -= bufPos;
            bufPos = 0;
        }

        /** Reads more of the data part of the file after bufLen; false at its end. */
        private boolean fill() throws IOException {
            if (bufPos == bufLen) {
                bufPos = 0;
                bufLen = 0;
            }
            int room = (int) Math.min(buf.length - bufLen, dataEnd - fileRead);
            if (room <= 0) {
                return false;
            }
            int n = ch.read(ByteBuffer.wrap(buf, bufLen, room), fileRead);
            if (n <= 0) {
                return false;
            }
            fileRead += n;
            bufLen += n;
            return true;
        }

        @Override
        public void close() {
            closed = true;
            try {
                ch.close();
            } catch (IOException e) {
                // closing: nothing left to do
            }
        }
    }
}
