package org.pmdi.bridge.transport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The transport contract over a saved file replayed as fast as possible. */
class ReplayContractTest extends TransportContract {
    @Override
    protected boolean connectsOnSend() {
        return true;
    }

    @Override
    protected Peer peer(byte[] content) throws Exception {
        Path f = dir.resolve("saved.pmdt");
        Files.write(f, content);
        return new Peer() {
            @Override
            public Transport transport() {
                return ReplayTransport.of(f, ReplaySpeed.asFastAsPossible());
            }

            @Override
            public void send(int chunk) {
                // the content is in the file already
            }

            @Override
            public void close() {
            }
        };
    }
}
