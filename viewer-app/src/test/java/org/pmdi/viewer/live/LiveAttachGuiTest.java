package org.pmdi.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pmdi.viewer.app.GuiTesting.fx;
import static org.pmdi.viewer.app.GuiTesting.waitFor;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.bridge.BridgeState;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.codec.TraceVisitor;
import org.pmdi.viewer.TestTraces;
import org.pmdi.viewer.app.GuiTesting;
import org.pmdi.viewer.app.MainWindow;
import org.pmdi.viewer.bench.SyntheticTrace;
import org.pmdi.viewer.data.OpenedTrace;
import org.pmdi.viewer.export.PngExport;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Attach live to one end of a socat pty pair (read by serial-bridge's jSerialComm transport)
 * while a recorded stream is written into the other end: the timeline fills, the status bar
 * shows the connection and its counters, the analysis finds the stuck requests live, and the
 * session is recorded to a file that opens afterwards.
 */
@ExtendWith(ApplicationExtension.class)
class LiveAttachGuiTest {
    private MainWindow w;
    private Process socat;

    @Start
    void start(Stage stage) {
        w = GuiTesting.showMainWindow(stage);
    }

    @AfterEach
    void stop() throws Exception {
        fx(() -> {
            w.controller().detach();
            return null;
        });
        if (socat != null) {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void attachToAPtyFedWithARecordedStream(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("board");
        Path b = dir.resolve("feeder");
        socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        waitFor("socat's ptys", 10, () -> Files.exists(a) && Files.exists(b));
        byte[] stream = SyntheticTrace.streamBytes(SyntheticTrace.Spec.small());
        long expectedEvents = countEvents(stream);
        Path rec = dir.resolve("live.pmdt");
        fx(() -> {
            w.attach(AttachSpec.parse("serial:" + a + "@115200"), rec);
            return null;
        });
        LiveSession live = fx(() -> w.controller().live());
        assertThat(live).isNotNull();
        waitFor("the bridge connected", 10, () -> live.stats().state() == BridgeState.CONNECTED);
        try (OutputStream out = Files.newOutputStream(b)) {
            for (int off = 0; off < stream.length; off += 16384) {
                out.write(stream, off, Math.min(16384, stream.length - off));
                out.flush();
                Thread.sleep(2);
            }
        }
        waitFor("every event in the viewer's store", 60, () -> live.store().count() == expectedEvents);
        waitFor("the live analysis listing both stuck requests", 20,
                () -> w.findings().table().getItems().stream().filter(f -> f.kind().equals("stuck request"))
                        .count() == 2);
        waitFor("the status bar", 10, () -> w.status().source().getText().contains("Live serial:" + a)
                && w.status().counts().getText().contains(String.format("%,d events", expectedEvents)));
        assertThat(fx(() -> w.status().loss().getText())).isEqualTo("lost 0 · corrupt 0");
        assertThat(fx(() -> w.status().source().getText())).contains("connected");
        waitFor("a live timeline frame with requests", 10, () -> w.timeline().lastData() != null
                && w.timeline().lastData().spans() != null && !w.timeline().lastData().spans().spans().isEmpty());
        assertThat(fx(() -> w.latency().headline().getText())).contains("vdb");
        // the stuck requests were posted long before the followed window and are still drawn
        waitFor("the stuck requests on the live timeline", 10, () -> w.timeline().lastData().spans().open().stream()
                .filter(sp -> sp.req() == SyntheticTrace.STUCK_IN_DRIVER_REQ
                        || sp.req() == SyntheticTrace.STUCK_DOORBELL_REQ).count() == 2);
        fx(() -> {
            PngExport.node(w.scene().getRoot(), TestTraces.snapshots().resolve("live-attached.png"));
            return null;
        });
        fx(() -> {
            w.controller().detach();
            return null;
        });
        try (OpenedTrace t = OpenedTrace.open(rec)) {
            assertThat(t.totalEvents()).isEqualTo(expectedEvents);
            assertThat(t.header().devices()).hasSize(4);
        }
        assertThat(live.awaitEnd(Duration.ofSeconds(1))).isTrue();
    }

    private static long countEvents(byte[] stream) {
        StreamDecoder d = StreamDecoder.create(new TraceVisitor() {
            @Override
            public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
            }

            @Override
            public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
            }
        });
        d.push(stream, 0, stream.length);
        d.finish();
        return d.stats().events();
    }
}
