package org.pmdi.bridge.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pmdi.bridge.Bridge;
import org.pmdi.bridge.BridgeOptions;
import org.pmdi.bridge.TestTraces;
import org.pmdi.bridge.Waits;
import org.pmdi.trace.codec.TraceItems;
import org.pmdi.trace.file.MappedTraceReader;

/** The transport contract over a named pipe (as {@code cat trace_pipe > fifo} would feed it). */
class FifoContractTest extends TransportContract {
    @Override
    protected boolean connectsOnSend() {
        return true;
    }

    /** A FIFO read blocks with no timeout: what came before must still reach the file. */
    @Test
    void recordingIsFlushedWhileTheReadBlocks() throws Exception {
        byte[] stream = TestTraces.stream(TestTraces.requests(100, 250));
        Path rec = dir.resolve("fifo.pmdt");
        try (Peer p = peer(stream); Bridge b = Bridge.start(p.transport(),
                BridgeOptions.defaults().withRecording(rec).withFlushInterval(Duration.ofSeconds(10)))) {
            p.send(stream.length);
            assertThat(Waits.until(() -> eventsIn(rec) == 600, Duration.ofSeconds(10))).isTrue();
        }
    }

    private static long eventsIn(Path f) {
        try (MappedTraceReader r = MappedTraceReader.open(f)) {
            return r.read(TraceItems.visitor(x -> { })).events();
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
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
