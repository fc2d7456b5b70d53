package org.pmdi.bridge.transport;

import java.io.Closeable;
import java.io.IOException;

/**
 * One open input of a {@link Transport}: a byte source read by a single thread.
 *
 * <pre>{@code
 * try (Connection c = transport.open()) {
 *     int n;
 *     while ((n = c.read(buf, 0, buf.length)) >= 0) {
 *         if (n > 0) decoder.push(buf, 0, n);   // n == 0: nothing arrived within the poll interval
 *     }
 * }                                             // n < 0: the input ended (port gone, peer closed, EOF)
 * }</pre>
 *
 * {@link #read} returns within the transport's poll interval (about 100 ms), except where
 * {@link #readMayBlock()} says otherwise. {@link #close()} is idempotent and may be called
 * from another thread; a read in progress then returns -1 or throws.
 */
public interface Connection extends Closeable {
    /**
     * Reads up to {@code len} (≥ 1) bytes into {@code b[off, off+len)}.
     *
     * @return the number of bytes read (≥ 1), 0 when nothing arrived within the poll interval,
     *         or -1 when the input ended
     * @throws IOException on a read error (the bridge treats it like an end of input)
     */
    int read(byte[] b, int off, int len) throws IOException;

    /**
     * True when {@link #read} may block until data comes, with no poll timeout (a FIFO, a
     * character device read as a file): the bridge then flushes its recording after every
     * read instead of on a timer, so nothing waits unflushed while the read blocks.
     */
    default boolean readMayBlock() {
        return false;
    }

    /** Closes the input; idempotent, thread-safe. */
    @Override
    void close();
}
