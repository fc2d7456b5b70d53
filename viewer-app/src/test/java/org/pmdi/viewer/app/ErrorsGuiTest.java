package org.pmdi.viewer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pmdi.viewer.app.GuiTesting.fx;
import static org.pmdi.viewer.app.GuiTesting.run;
import static org.pmdi.viewer.app.GuiTesting.snapshot;
import static org.pmdi.viewer.app.GuiTesting.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.TableCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pmdi.viewer.ErrorTrace;
import org.pmdi.viewer.TestTraces;
import org.pmdi.viewer.stuck.FindingRow;
import org.pmdi.viewer.timeline.Viewport;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The main window on a trace with a failing disk, headless: the latency table's errors
 * column and headline, and the driver-errors finding, clicked, shows its first failed
 * request on the timeline.
 */
@ExtendWith(ApplicationExtension.class)
class ErrorsGuiTest {
    private MainWindow w;

    @Start
    void start(Stage stage) {
        w = GuiTesting.showMainWindow(stage);
    }

    @Test
    void errorsColumnAndAClickableDriverErrorsFinding(FxRobot robot) throws Exception {
        Path dir = Path.of("target", "test-traces");
        Files.createDirectories(dir);
        Path p = dir.resolve("disk-errors.pmdt");
        long first = ErrorTrace.write(p);
        run(() -> w.controller().open(p));
        waitFor("analysis of " + p, 60, () -> w.controller().result() != null && w.latency().result() != null);
        waitFor("a drawn timeline", 20, () -> w.timeline().lastDrawList() != null);
        assertThat(fx(() -> w.latency().failing().getText())).contains("vdb 25 of 100 (25.0 %)");
        waitFor("the errors cells", 10, () -> robot.lookup(".table-cell").queryAll().stream()
                .anyMatch(c -> c instanceof TableCell<?, ?> t && "25 (25.0 %)".equals(t.getText())));
        snapshot(w.latency(), TestTraces.snapshots().resolve("latency-errors.png"));

        run(() -> w.tabs().getSelectionModel().select(1));
        FindingRow row = fx(() -> w.findings().table().getItems().stream()
                .filter(f -> f.kind().equals("driver errors")).findFirst().orElseThrow());
        assertThat(row.req()).isEqualTo(first);
        int index = fx(() -> w.findings().table().getItems().indexOf(row));
        waitFor("the findings table rows", 10, () -> robot.lookup(".table-row-cell").queryAll().size() > index);
        robot.clickOn(robot.lookup(".table-row-cell").nth(index).<javafx.scene.Node>query());
        waitFor("selection of the first failed request", 10,
                () -> w.timeline().selectedRequestProperty().get() == first);
        Viewport v = fx(() -> w.timeline().viewportProperty().get());
        long from = fx(() -> w.controller().toTimelineNs(row.fromNs()));
        long to = fx(() -> w.controller().toTimelineNs(row.toNs()));
        assertThat(v.startNs()).isLessThanOrEqualTo(from);
        assertThat(v.endNs()).isGreaterThanOrEqualTo(to);
        snapshot(w.scene().getRoot(), TestTraces.snapshots().resolve("driver-errors-finding.png"));
    }
}
