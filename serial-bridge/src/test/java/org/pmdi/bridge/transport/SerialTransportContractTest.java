package org.pmdi.bridge.transport;

import java.io.OutputStream;
import org.pmdi.bridge.SocatPair;

/** The transport contract over a socat pty pair read by jSerialComm. */
class SerialTransportContractTest extends TransportContract {
    @Override
    protected Peer peer(byte[] content) throws Exception {
        SocatPair pair = SocatPair.start(dir);
        OutputStream w = pair.openWriter();
        return new Peer() {
            @Override
            public Transport transport() {
                return SerialTransport.of(pair.readEnd(), 115200);
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
                pair.close();
            }
        };
    }
}
