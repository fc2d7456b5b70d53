package org.pmdi.viewer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pmdi.viewer.app.GuiTesting.fx;
import static org.pmdi.viewer.app.GuiTesting.run;
import static org.pmdi.viewer.app.GuiTesting.snapshot;
import static org.pmdi.viewer.app.GuiTesting.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.viewer.TestTraces;
import org.pmdi.viewer.bench.SyntheticTrace;
import org.pmdi.viewer.data.AnalysisResult;
import org.pmdi.viewer.stuck.FindingRow;
import org.pmdi.viewer.timeline.Viewport;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The real main window, headless (Monocle): open the slow-disk trace and check the views
 * against the analysis, go from a stuck request to the timeline, zoom, snapshot the views.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MainWindowGuiTest {
    private MainWindow w;

    @Start
    void start(Stage stage) {
        w = GuiTesting.showMainWindow(stage);
    }

    private AnalysisResult openSlowDisk() throws Exception {
        Path p = TestTraces.slowDisk();
        run(() -> w.controller().open(p));
        waitFor("analysis of " + p, 60, () -> w.controller().result() != null && w.latency().result() != null);
        waitFor("a drawn timeline", 20, () -> w.timeline().lastDrawList() != null);
        return fx(() -> w.controller().result());
    }

    @Test
    @Order(1)
    void viewsShowWhatTheAnalysisSays(FxRobot robot) throws Exception {
        AnalysisResult r = openSlowDisk();
        // latency table: one row per device (eth0: one per direction), the analysis's counts,
        // slowest (vdb) first and marked
        var rows = fx(() -> w.latency().table().getItems());
        assertThat(rows).hasSize(r.totals().size() + 1).hasSize(5);
        assertThat(rows.get(0).device()).isEqualTo(r.slowestDevice()).isEqualTo(SyntheticTrace.VDB);
        assertThat(rows.stream().mapToLong(LatencySummary::count).sum()).isEqualTo(r.snapshot().completed());
        assertThat(fx(() -> w.latency().headline().getText())).contains("Slowest: " + r.deviceName(r.slowestDevice()));
        // findings: each stuck request with its diagnosis
        var findings = fx(() -> w.findings().table().getItems());
        assertThat(findings.stream().filter(f -> f.kind().equals("stuck request")).count())
                .isEqualTo(r.snapshot().stuck().size()).isEqualTo(2);
        for (var s : r.snapshot().stuck()) {
            assertThat(findings).anyMatch(f -> f.req() == s.request().id()
                    && f.diagnosis().contains(s.reason().words()));
        }
        assertThat(fx(() -> w.findings().headline().getText())).startsWith("2 stuck requests");
        assertThat(fx(() -> w.status().source().getText())).contains("slow-disk.pmdt");
        Path dir = TestTraces.snapshots();
        Files.createDirectories(dir);
        snapshot(w.scene().getRoot(), dir.resolve("main-window.png"));
        snapshot(w.latency(), dir.resolve("latency-view.png"));
        run(() -> w.tabs().getSelectionModel().select(1));
        snapshot(w.scene().getRoot(), dir.resolve("findings-view.png"));
        assertThat(dir.resolve("main-window.png")).isNotEmptyFile();
    }

    @Test
    @Order(2)
    void clickingAStuckRequestShowsItOnTheTimeline(FxRobot robot) throws Exception {
        AnalysisResult r = openSlowDisk();
        run(() -> w.tabs().getSelectionModel().select(1));
        var stuck = r.snapshot().stuck().stream().filter(s -> s.request().device() >= 0).findFirst().orElseThrow();
        long req = stuck.request().id();
        String dev = r.deviceName(stuck.request().device());
        FindingRow row = fx(() -> w.findings().table().getItems().stream().filter(f -> f.req() == req).findFirst()
                .orElseThrow());
        int index = fx(() -> w.findings().table().getItems().indexOf(row));
        waitFor("the findings table rows", 10, () -> robot.lookup(".table-row-cell").queryAll().size() > index);
        var cell = robot.lookup(".table-row-cell").nth(index).query();
        robot.clickOn(cell);
        waitFor("selection of the stuck request", 10, () -> w.timeline().selectedRequestProperty().get() == req);
        Viewport v = fx(() -> w.timeline().viewportProperty().get());
        assertThat(v.startNs()).isLessThanOrEqualTo(row.fromNs());
        assertThat(v.endNs()).isGreaterThan(row.fromNs());
        waitFor("the window around it decoded and drawn", 20, () -> w.timeline().selectedSpan() != null
                && w.timeline().lastDrawList() != null && !w.timeline().lastDrawList().isSummary());
        waitFor("the detail pane", 10, () -> w.detail().getText().contains("req " + req));
        assertThat(fx(() -> w.detail().getText())).contains(dev, "outstanding", "REQ_POST");
        snapshot(w.scene().getRoot(), TestTraces.snapshots().resolve("stuck-on-timeline.png"));
    }

    @Test
    @Order(3)
    void zoomWithKeysWheelAndToSelection(FxRobot robot) throws Exception {
        openSlowDisk();
        Viewport before = fx(() -> w.timeline().viewportProperty().get());
        robot.clickOn(w.timeline().canvas());
        robot.push(KeyCode.W).push(KeyCode.W).push(KeyCode.W);
        Viewport zoomed = fx(() -> w.timeline().viewportProperty().get());
        assertThat(zoomed.spanNs()).isLessThan((long) (before.spanNs() / 1.9));
        robot.push(KeyCode.D);
        Viewport panned = fx(() -> w.timeline().viewportProperty().get());
        assertThat(panned.startNs()).isGreaterThan(zoomed.startNs());
        robot.moveTo(w.timeline().canvas()).scroll(5, javafx.geometry.VerticalDirection.UP);
        Viewport wheeled = fx(() -> w.timeline().viewportProperty().get());
        assertThat(wheeled.spanNs()).isNotEqualTo(panned.spanNs());
        // select a request and zoom to it
        run(() -> w.timeline().showRequest(SyntheticTrace.STUCK_DOORBELL_REQ, 0, 1));
        run(() -> w.timeline().zoomToFit());
        waitFor("the whole trace decoded (drawn as summaries: too dense)", 20, () -> w.timeline().lastData() != null
                && w.timeline().lastData().spans() != null && w.timeline().lastDrawList().isSummary());
        boolean zoomedToSel = fx(() -> w.timeline().zoomToSelection());
        assertThat(zoomedToSel).isTrue();
        Viewport sel = fx(() -> w.timeline().viewportProperty().get());
        assertThat(sel.spanNs()).isLessThan(before.spanNs());
        // events of the selected request through the table's filter
        run(() -> w.tabs().getSelectionModel().select(2));
        run(() -> w.events().reqField().setText(Long.toString(SyntheticTrace.STUCK_DOORBELL_REQ)));
        waitFor("filtered events", 10, () -> w.events().table().getItems().size() == 2);
        snapshot(w.scene().getRoot(), TestTraces.snapshots().resolve("events-view.png"));
    }

    @Test
    @Order(4)
    void latencyRowSelectsTheSlowestRequestAndReplayMovesThePlayhead(FxRobot robot) throws Exception {
        AnalysisResult r = openSlowDisk();
        run(() -> w.tabs().getSelectionModel().select(0));
        waitFor("the latency table rows", 10, () -> robot.lookup(".table-row-cell").queryAll().stream()
                .anyMatch(n -> n.isVisible() && n.getScene() != null));
        var row = robot.lookup(".table-row-cell").queryAll().stream().filter(n -> n.isVisible()
                && n instanceof javafx.scene.control.TableRow<?> tr && tr.getItem() instanceof LatencySummary)
                .findFirst().orElseThrow();
        robot.clickOn(row);
        waitFor("a request selected from the latency table", 10,
                () -> w.timeline().selectedRequestProperty().get() != 0);
        long req = fx(() -> w.timeline().selectedRequestProperty().get());
        waitFor("its span decoded", 20, () -> w.timeline().selectedSpan() != null);
        assertThat(fx(() -> w.timeline().selectedSpan().dev())).isEqualTo(r.slowestDevice());
        assertThat(req).isNotZero();
        // replay: play at a speed, the playhead moves; seek jumps
        run(() -> w.replay().seekTo(100_000_000));
        assertThat(fx(() -> w.timeline().playheadProperty().get())).isEqualTo(100_000_000);
        run(() -> w.replay().setPlaying(true));
        waitFor("the playhead moving", 10, () -> w.timeline().playheadProperty().get() > 100_000_000);
        run(() -> w.replay().setPlaying(false));
        long at = fx(() -> w.timeline().playheadProperty().get());
        Thread.sleep(200);
        assertThat(fx(() -> w.timeline().playheadProperty().get())).isEqualTo(at);
        Viewport v = fx(() -> w.timeline().viewportProperty().get());
        assertThat(v.startNs()).isLessThanOrEqualTo(at);
        assertThat(v.endNs()).isGreaterThanOrEqualTo(at);
    }
}
