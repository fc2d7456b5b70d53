package org.pmdi.viewer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pmdi.viewer.app.GuiTesting.fx;
import static org.pmdi.viewer.app.GuiTesting.run;
import static org.pmdi.viewer.app.GuiTesting.snapshot;
import static org.pmdi.viewer.app.GuiTesting.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pmdi.analysis.GeneratedTraces;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.viewer.TestTraces;
import org.pmdi.viewer.data.AnalysisResult;
import org.pmdi.viewer.latency.LatencyDatasets;
import org.pmdi.viewer.timeline.DrawList;
import org.pmdi.viewer.timeline.Lane;
import org.pmdi.viewer.timeline.PhaseColors;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The main window on a synthetic UDP-echo trace (eth0: receive buffers waiting for frames,
 * echoes sent, drops while the AP posted no buffer, a link flap), headless: the NIC's lane,
 * its two directions in the latency table, its findings.
 */
@ExtendWith(ApplicationExtension.class)
class NicGuiTest {
    private static final int ETH0 = 3;
    private MainWindow w;

    @Start
    void start(Stage stage) {
        w = GuiTesting.showMainWindow(stage);
    }

    static Path netTrace() throws Exception {
        Path dir = Path.of("target", "test-traces");
        Files.createDirectories(dir);
        return GeneratedTraces.write(dir.resolve("net-echo.pmdt"), 7, s -> {
            s.link(ETH0, true);
            GeneratedTraces.netEcho(s, 6, 300_000L);
            for (int i = 0; i < 4; i++) {
                s.drop(ETH0, GeneratedTraces.toAp(80), 96);
                s.idle(40_000L);
            }
            s.link(ETH0, false);
            s.idle(150_000L);
            s.link(ETH0, true);
            GeneratedTraces.healthy(s, 12, 7);
            GeneratedTraces.netEcho(s, 6, 200_000L);
            s.postRecv(ETH0, 1514);
            s.idle(400_000L);
        });
    }

    @Test
    void theNicShowsItsLaneDirectionsAndFindings() throws Exception {
        Path p = netTrace();
        run(() -> w.controller().open(p));
        waitFor("analysis of " + p, 60, () -> w.controller().result() != null && w.latency().result() != null);
        waitFor("a drawn timeline", 20, () -> w.timeline().lastDrawList() != null);
        AnalysisResult r = fx(() -> w.controller().result());

        var rows = fx(() -> w.latency().table().getItems());
        assertThat(rows.stream().map(s -> LatencyDatasets.rowLabel(r, s)))
                .contains("eth0 (virtio_net) · tx", "eth0 (virtio_net) · rx")
                .doesNotContain("eth0 (virtio_net)");
        assertThat(rows.stream().mapToLong(LatencySummary::count).sum()).isEqualTo(r.snapshot().completed());

        var findings = fx(() -> w.findings().table().getItems());
        assertThat(findings).anyMatch(f -> f.kind().equals("frames dropped")
                && f.diagnosis().contains("4 frames dropped on eth0"));
        assertThat(findings).anyMatch(f -> f.kind().equals("link down"));
        assertThat(findings).noneMatch(f -> f.kind().equals("stuck request"));

        Lane eth = fx(() -> w.timeline().model().layout().deviceLane(ETH0));
        DrawList d = fx(() -> w.timeline().lastDrawList());
        int marks = 0;
        for (int i = 0; i < d.size(); i++) {
            boolean inLane = d.y(i) >= eth.y() && d.y(i) < eth.y() + eth.height();
            marks += inLane && (d.argb(i) == PhaseColors.FRAME_DROPPED || d.argb(i) == PhaseColors.WAITING_FOR_FRAME)
                    ? 1 : 0;
        }
        assertThat(marks).as("drops and waits drawn in eth0's lane").isPositive();
        Path dir = TestTraces.snapshots();
        Files.createDirectories(dir);
        snapshot(w.scene().getRoot(), dir.resolve("nic-timeline.png"));
        run(() -> w.tabs().getSelectionModel().select(w.tabs().getTabs().stream()
                .filter(t -> t.getContent() == w.latency()).findFirst().orElseThrow()));
        snapshot(w.scene().getRoot(), dir.resolve("nic-latency.png"));
    }
}
