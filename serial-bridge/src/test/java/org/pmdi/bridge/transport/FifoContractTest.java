package org.pmdi.bridge.transport;

import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The transport contract over a named pipe (as {@code cat trace_pipe > fifo} would feed it). */
class FifoContractTest extends TransportContract {
    @Override
    protected boolean connectsOnSend() {
        return true;
    }

    @Override
    protected Peer peer(byte[] content) throws Exception {
        Path f = dir.resolve("trace.fifo");
        Process mk = new ProcessBuilder("mkfifo", f.toString()).start();
        if (!mk.waitFor(5, TimeUnit.SECONDS) || mk.exitValue() != 0) {
            throw new IllegalStateException("mkfifo failed");
        }
        return new Peer() {
            private FileOutputStream w;

            @Override
            public Transport transport() {
                return FileTransport.of(f);
            }

            @Override
            public void send(int chunk) throws Exception {
                w = new FileOutputStream(f.toFile());
                for (int i = 0; i < content.length; i += chunk) {
                    w.write(content, i, Math.min(chunk, content.length - i));
                }
                w.flush();
            }

            @Override
            public void close() throws Exception {
                if (w != null) {
                    w.close();
                }
            }
        };
    }
}
