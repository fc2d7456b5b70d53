package org.pmdi.bridge.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.pmdi.trace.GapReason;

/**
 * A file or a pipe (a FIFO, {@code /dev/stdin}, the board's debugfs stream copied out),
 * read once to its end, or followed as it grows ({@code tail -f} style).
 *
 * <pre>{@code
 * Transport once = FileTransport.of(Path.of("trace.pmdt"));
 * Transport live = FileTransport.follow(Path.of("growing.pmdt"));
 * }</pre>
 *
 * Path not null. In follow mode an end of file is a pause (polled every 10 ms), never the
 * end; the stream ends only when the bridge stops. Opening a FIFO blocks until a writer
 * opens it, and its reads block until data comes ({@link Connection#readMayBlock()}). Never
 * reconnects. Immutable.
 */
public final class FileTransport implements Transport {
    static final int FOLLOW_POLL_MS = 10;

    private final Path path;
    private final boolean follow;

    private FileTransport(Path path, boolean follow) {
        this.path = path;
        this.follow = follow;
    }

    /** Reads {@code path} (not null) to its end. */
    public static FileTransport of(Path path) {
        return create(path, false);
    }

    /** Reads {@code path} (not null) and keeps reading what is appended. */
    public static FileTransport follow(Path path) {
        return create(path, true);
    }

    private static FileTransport create(Path path, boolean follow) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        return new FileTransport(path, follow);
    }

    public Path path() {
        return path;
    }

    public boolean following() {
        return follow;
    }

    @Override
    public Connection open() throws IOException {
        boolean regular = Files.isRegularFile(path);
        return new FileConnection(FileChannel.open(path, StandardOpenOption.READ), follow, !regular);
    }

    /** A file (or a FIFO, whose writer waits) keeps its data while the bridge waits. */
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
        return (follow ? "file (follow) " : "file ") + path;
    }

    /** One open file. */
    private static final class FileConnection implements Connection {
        private final FileChannel ch;
        private final boolean follow;
        private final boolean mayBlock;

        FileConnection(FileChannel ch, boolean follow, boolean mayBlock) {
            this.ch = ch;
            this.follow = follow;
            this.mayBlock = mayBlock;
        }

        @Override
        public boolean readMayBlock() {
            return mayBlock;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = ch.read(ByteBuffer.wrap(b, off, len));
                if (n > 0) {
                    return n;
                }
                if (!follow) {
                    return n < 0 ? -1 : 0;
                }
                Thread.sleep(FOLLOW_POLL_MS);
                return 0;
            } catch (ClosedChannelException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        public void close() {
            try {
                ch.close();
            } catch (IOException e) {
                // closing: nothing left to do
            }
        }
    }
}
