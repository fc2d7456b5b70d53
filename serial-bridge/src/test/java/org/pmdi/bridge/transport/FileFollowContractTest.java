package org.pmdi.bridge.transport;

import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The transport contract over a growing file read in follow mode. */
class FileFollowContractTest extends TransportContract {
    @Override
    protected Peer peer(byte[] content) throws Exception {
        Path f = dir.resolve("growing.pmdt");
        Files.write(f, new byte[0]);
        FileOutputStream w = new FileOutputStream(f.toFile(), true);
        return new Peer() {
            @Override
            public Transport transport() {
                return FileTransport.follow(f);
            }

            @Override
            public void send(int chunk) throws Exception {
                for (int i = 0; i < content.length; i += chunk) {
                    w.write(content, i, Math.min(chunk, content.length - i));
                }
                w.flush();
            }

            @Override
            public void close() throws Exception {
                w.close();
            }
        };
    }
}
