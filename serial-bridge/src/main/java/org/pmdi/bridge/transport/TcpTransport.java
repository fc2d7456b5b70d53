package org.pmdi.bridge.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.pmdi.trace.GapReason;

/**
 * A TCP client, e.g. to QEMU's {@code -chardev socket,id=t,host=127.0.0.1,port=4555,server=on,wait=off}
 * or a TCP forward of the board's debugfs stream.
 *
 * <pre>{@code
 * Transport t = TcpTransport.of("127.0.0.1", 4555);
 * Transport t = TcpTransport.parse("localhost:4555");
 * }</pre>
 *
 * Host not null or empty; port 1..65535. Connects with a 2 s timeout and reads with a
 * 100 ms poll timeout; a closed socket ends the input and the bridge reconnects. Immutable.
 */
public final class TcpTransport implements Transport {
    static final int POLL_MS = 100;
    private static final int CONNECT_MS = 2000;

    private final String host;
    private final int port;

    private TcpTransport(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A client of {@code host} (not null or empty) on {@code port} (1..65535). */
    public static TcpTransport of(String host, int port) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host must not be null or empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        return new TcpTransport(host, port);
    }

    /** Parses {@code host:port} (the last colon separates the port). */
    public static TcpTransport parse(String hostPort) {
        if (hostPort == null) {
            throw new IllegalArgumentException("hostPort must not be null");
        }
        int c = hostPort.lastIndexOf(':');
        if (c <= 0 || c == hostPort.length() - 1) {
            throw new IllegalArgumentException("hostPort must be host:port, was '" + hostPort + "'");
        }
        int p;
        try {
            p = Integer.parseInt(hostPort.substring(c + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hostPort must end with a port number, was '" + hostPort + "'");
        }
        return of(hostPort.substring(0, c), p);
    }

    @Override
    public Connection open() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), CONNECT_MS);
            s.setSoTimeout(POLL_MS);
            s.setReceiveBufferSize(1 << 18);
            return new TcpConnection(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public boolean reconnectable() {
        return true;
    }

    @Override
    public GapReason gapReason() {
        return GapReason.SOCKET_CLOSED;
    }

    @Override
    public String describe() {
        return "tcp " + host + ":" + port;
    }

    /** One connected socket. */
    private static final class TcpConnection implements Connection {
        private final Socket socket;
        private final InputStream in;

        TcpConnection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                return n < 0 ? -1 : n;
            } catch (SocketTimeoutException e) {
                return 0;
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return -1;
                }
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing left to do
            }
        }
    }
}
