package org.pmdi.bridge.transport;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pmdi.trace.GapReason;

/**
 * A serial port by path, read with jSerialComm: a USB-serial adapter, {@code /dev/ttyS1}, or
 * a pseudo-terminal such as QEMU's {@code -serial pty} or one end of a socat pty pair (a
 * symlink to it works too).
 *
 * <pre>{@code
 * Transport t = SerialTransport.of(Path.of("/tmp/pmdi-trace"), 115200);
 * }</pre>
 *
 * Baud 1..4 000 000 (ptys and QEMU's UART ignore it). Reads are semi-blocking with a
 * 100 ms timeout: a read returns as soon as any byte arrived. The input counts as ended
 * when jSerialComm reports a read error or the path no longer exists (an adapter unplugged,
 * the pty's master closed), and the bridge reconnects when the path comes back. Immutable.
 */
public final class SerialTransport implements Transport {
    /** Read timeout of one {@link Connection#read} call, ms. */
    static final int POLL_MS = 100;
    private static final int BAUD_MAX = 4_000_000;

    private final Path path;
    private final int baud;

    private SerialTransport(Path path, int baud) {
        this.path = path;
        this.baud = baud;
    }

    /** The port at {@code path} (not null) at {@code baud} (1..4 000 000). */
    public static SerialTransport of(Path path, int baud) {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null");
        }
        if (baud < 1 || baud > BAUD_MAX) {
            throw new IllegalArgumentException("baud must be 1.." + BAUD_MAX + ", was " + baud);
        }
        return new SerialTransport(path, baud);
    }

    public Path path() {
        return path;
    }

    public int baud() {
        return baud;
    }

    @Override
    public Connection open() throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("no such port: " + path);
        }
        SerialPort port = SerialPort.getCommPort(path.toString());
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, POLL_MS, 0);
        if (!port.openPort()) {
            throw new IOException("cannot open " + path + " (error " + port.getLastErrorCode() + ")");
        }
        return new SerialConnection(port, path);
    }

    @Override
    public boolean reconnectable() {
        return true;
    }

    @Override
    public GapReason gapReason() {
        return GapReason.PORT_CLOSED;
    }

    @Override
    public String describe() {
        return "serial " + path + " @" + baud;
    }

    /** One open port. */
    private static final class SerialConnection implements Connection {
        private final SerialPort port;
        private final Path path;
        private volatile boolean closed;

        SerialConnection(SerialPort port, Path path) {
            this.port = port;
            this.path = path;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                return -1;
            }
            int n = port.readBytes(b, len, off);
            if (n < 0 || closed) {
                return -1;
            }
            if (n == 0 && (!Files.exists(path) || !port.isOpen())) {
                return -1;
            }
            return n;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                port.closePort();
            }
        }
    }
}
