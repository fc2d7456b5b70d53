package org.pmdi.viewer.live;

import java.nio.file.Path;
import org.pmdi.bridge.transport.FileTransport;
import org.pmdi.bridge.transport.SerialTransport;
import org.pmdi.bridge.transport.TcpTransport;
import org.pmdi.bridge.transport.Transport;

/**
 * Where to attach: a serial port (a path, pseudo-terminals included) at a baud rate, a TCP
 * host:port, or the board's debugfs stream as the board carries it out to the host (a TCP
 * forward, or a file or FIFO that grows).
 *
 * <pre>{@code
 * AttachSpec s = AttachSpec.parse("serial:/dev/pts/3@115200");   // also tcp:host:port, debugfs:host:port|path
 * Transport t = s.transport();                                      // serial-bridge's transport
 * }</pre>
 *
 * Immutable; the transports themselves come from serial-bridge.
 */
public sealed interface AttachSpec {
    Transport transport();

    /** Short text for the status bar and the command line ("serial:/dev/pts/3@115200"). */
    String text();

    /** A serial port by path at {@code baud}. */
    record Serial(Path path, int baud) implements AttachSpec {
        public Transport transport() {
            return SerialTransport.of(path, baud);
        }

        public String text() {
            return "serial:" + path + "@" + baud;
        }
    }

    /** A TCP peer. */
    record Tcp(String host, int port) implements AttachSpec {
        public Transport transport() {
            return TcpTransport.of(host, port);
        }

        public String text() {
            return "tcp:" + host + ":" + port;
        }
    }

    /** The board's debugfs stream: a TCP forward ({@code host:port}) or a growing file or FIFO path. */
    record Debugfs(String where) implements AttachSpec {
        public Transport transport() {
            if (!where.startsWith("/") && where.matches(".+:\\d+")) {
                return TcpTransport.parse(where);
            }
            return FileTransport.follow(Path.of(where));
        }

        public String text() {
            return "debugfs:" + where;
        }
    }

    /**
     * Parses {@code serial:PATH[@BAUD]}, {@code tcp:HOST:PORT}, {@code debugfs:HOST:PORT|PATH};
     * a bare path is a serial port at 115200.
     */
    static AttachSpec parse(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("attach spec must not be empty");
        }
        if (s.startsWith("tcp:")) {
            String hp = s.substring(4);
            int c = hp.lastIndexOf(':');
            if (c <= 0) {
                throw new IllegalArgumentException("tcp needs host:port, was " + hp);
            }
            return new Tcp(hp.substring(0, c), Integer.parseInt(hp.substring(c + 1)));
        }
        if (s.startsWith("debugfs:")) {
            return new Debugfs(s.substring(8));
        }
        String p = s.startsWith("serial:") ? s.substring(7) : s;
        int at = p.lastIndexOf('@');
        int baud = 115200;
        if (at > 0) {
            baud = Integer.parseInt(p.substring(at + 1));
            p = p.substring(0, at);
        }
        return new Serial(Path.of(p), baud);
    }
}
