package org.pmdi.bridge.transport;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The transport contract over a TCP peer (a server socket, as QEMU's -chardev socket,server=on). */
class TcpTransportContractTest extends TransportContract {
    @Override
    protected Peer peer(byte[] content) throws Exception {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return server.accept();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return new Peer() {
            @Override
            public Transport transport() {
                return TcpTransport.of("127.0.0.1", server.getLocalPort());
            }

            @Override
            public void send(int chunk) throws Exception {
                OutputStream w = accepted.get(10, TimeUnit.SECONDS).getOutputStream();
                for (int i = 0; i < content.length; i += chunk) {
                    w.write(content, i, Math.min(chunk, content.length - i));
                }
                w.flush();
            }

            @Override
            public void close() throws Exception {
                if (accepted.isDone() && !accepted.isCompletedExceptionally()) {
                    accepted.get().close();
                }
                server.close();
            }
        };
    }
}
