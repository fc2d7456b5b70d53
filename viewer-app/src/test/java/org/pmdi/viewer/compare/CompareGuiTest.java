package org.pmdi.viewer.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pmdi.viewer.app.GuiTesting.fx;
import static org.pmdi.viewer.app.GuiTesting.run;
import static org.pmdi.viewer.app.GuiTesting.snapshot;
import static org.pmdi.viewer.app.GuiTesting.waitFor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pmdi.analysis.diff.DiffReport;
import org.pmdi.analysis.diff.GroupDiff;
import org.pmdi.viewer.TestTraces;
import org.pmdi.viewer.app.MainWindow;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Compare tab in the real main window, headless, on the committed samples (healthy vs
 * slow-disk: the same board with vdb throttled): the delta table leads with vdb's regression,
 * the histograms overlay both sides, clicking the row lists each side's slowest requests and
 * puts each timeline on its own slowest one; a failed comparison says why. The report is
 * trace-analysis's ({@link Comparer#engine()}); the test keeps it to check what is shown.
 */
@ExtendWith(ApplicationExtension.class)
class CompareGuiTest {
    private final AtomicReference<DiffReport> made = new AtomicReference<>();
    private final AtomicReference<IOException> failWith = new AtomicReference<>();
    private MainWindow w;

    @Start
    void start(Stage stage) {
        w = new MainWindow((base, neu) -> {
            if (failWith.get() != null) {
                throw failWith.get();
            }
            made.set(Comparer.engine().compare(base, neu));
            return made.get();
        });
        stage.setScene(w.scene());
        stage.setWidth(1400);
        stage.setHeight(900);
        stage.show();
    }

    static Path sample(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("pmdi"))) {
            dir = dir.getParent();
        }
        assertThat(dir).isNotNull();
        return dir.resolve("samples").resolve(name + ".pmdt");
    }

    private void openAndCompare(Path base, Path neu) throws Exception {
        run(() -> w.controller().open(base));
        waitFor("the base trace open", 30, () -> w.controller().trace() != null);
        run(() -> w.compareWithOpen(neu));
        waitFor("the comparison", 60, () -> !w.compareView().busy());
    }

    @Test
    void tableLeadsWithVdbsRegressionAndARowClickShowsTheSlowestOfEachSide(FxRobot robot) throws Exception {
        Path base = sample("healthy");
        Path neu = sample("slow-disk");
        openAndCompare(base, neu);
        CompareView v = w.compareView();
        assertThat(fx(() -> v.message().getText())).isEmpty();
        assertThat(fx(() -> w.tabs().getSelectionModel().getSelectedItem())).isSameAs(w.compareTab());
        DiffReport r = made.get();
        assertThat(r).isNotNull();

        var rows = fx(() -> v.table().getItems());
        assertThat(rows).extracting(DeltaRow::change).containsExactlyElementsOf(r.changes());
        DeltaRow first = rows.get(0);
        assertThat(first.change().group().device()).isEqualTo("vdb");
        assertThat(first.mark()).isEqualTo(DeltaRow.REGRESSION);
        assertThat(fx(() -> v.headline().getText())).contains("healthy.pmdt → slow-disk.pmdt");

        // the histogram overlays base and new of the first significant change's device and phase
        assertThat(fx(() -> v.device().getValue())).isEqualTo("vdb");
        var data = (XYIntervalSeriesCollection) fx(() -> v.histogramChart().getXYPlot().getDataset());
        assertThat(data.getSeriesCount()).isEqualTo(2);
        assertThat(data.getSeriesKey(0)).isEqualTo(CompareDatasets.BASE);
        assertThat(data.getSeriesKey(1)).isEqualTo(CompareDatasets.NEW);
        assertThat(data.getItemCount(0)).isPositive();
        assertThat(data.getItemCount(1)).isPositive();

        waitFor("both timelines drawn", 20, () -> v.timelines().base().lastDrawList() != null
                && v.timelines().neu().lastDrawList() != null);
        assertThat(fx(() -> v.timelines().base().viewportProperty().get().startNs())).isZero();
        assertThat(fx(() -> v.timelineLabel(0).getText())).startsWith("base: healthy.pmdt:  0 ns … ");
        assertThat(fx(() -> v.timelineLabel(1).getText())).startsWith("new: slow-disk.pmdt:  0 ns … ");
        assertThat(fx(() -> v.timelines().neu().viewportProperty().get()))
                .isEqualTo(fx(() -> v.timelines().base().viewportProperty().get()));

        Node row = fx(() -> robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(t -> t.getTableView() == v.table() && t.getIndex() == 0).findFirst().orElseThrow());
        robot.clickOn(row);
        GroupDiff g = r.groups().stream().filter(x -> x.key().equals(first.change().group())).findFirst()
                .orElseThrow();
        assertThat(g.slowestBase()).isNotEmpty();
        assertThat(g.slowestNew()).isNotEmpty();
        waitFor("the slowest requests listed", 10, () -> !v.slowest().getItems().isEmpty());
        var slow = fx(() -> List.copyOf(v.slowest().getItems()));
        assertThat(slow).extracting(CompareView.SlowRow::request).containsExactlyInAnyOrderElementsOf(concat(g));
        // each side's slowest first, so that both are in sight
        assertThat(slow.get(0)).isEqualTo(new CompareView.SlowRow(CompareDatasets.BASE, 1, g.slowestBase().get(0)));
        assertThat(slow.get(1)).isEqualTo(new CompareView.SlowRow(CompareDatasets.NEW, 1, g.slowestNew().get(0)));
        assertThat(fx(() -> v.timelines().alignedProperty().get())).isFalse();
        assertThat(fx(() -> v.timelines().base().selectedRequestProperty().get()))
                .isEqualTo(g.slowestBase().get(0).req());
        assertThat(fx(() -> v.timelines().neu().selectedRequestProperty().get()))
                .isEqualTo(g.slowestNew().get(0).req());
        var bv = fx(() -> v.timelines().base().viewportProperty().get());
        assertThat(bv.startNs()).isLessThanOrEqualTo(g.slowestBase().get(0).postNs());
        assertThat(bv.endNs()).isGreaterThan(g.slowestBase().get(0).postNs());
        var nv = fx(() -> v.timelines().neu().viewportProperty().get());
        assertThat(nv.startNs()).isLessThanOrEqualTo(g.slowestNew().get(0).postNs());
        assertThat(nv.endNs()).isGreaterThan(g.slowestNew().get(0).postNs());
        for (int side = 0; side < 2; side++) {
            assertLaneInSight(v, side, "vdb");
        }
        // each side's slowest request is drawn on its timeline once its window is decoded
        waitFor("the base side's slowest request decoded", 20,
                () -> v.timelines().base().selectedSpan() != null);
        waitFor("the new side's slowest request decoded", 20,
                () -> v.timelines().neu().selectedSpan() != null);

        Path dir = TestTraces.snapshots();
        Files.createDirectories(dir);
        snapshot(w.scene().getRoot(), dir.resolve("compare-healthy-slow-disk.png"));
    }

    /** {@code dev}'s lane lies, on screen, within that side's timeline scroll pane. */
    private static void assertLaneInSight(CompareView v, int side, String dev) throws Exception {
        waitFor("layout", 5, () -> v.timelineScroll(side).getViewportBounds().getHeight() > 0);
        Thread.sleep(200); // the scroll happens on a later pulse
        double[] r = fx(() -> {
            var sp = v.timelineScroll(side);
            var tv = side == 0 ? v.timelines().base() : v.timelines().neu();
            var lane = tv.model().layout().lanes().stream().filter(l -> l.label().startsWith(dev + " "))
                    .findFirst().orElseThrow();
            var pane = sp.localToScene(sp.getBoundsInLocal());
            return new double[] {tv.localToScene(0, lane.y()).getY(), tv.localToScene(0, lane.y() + lane.height())
                    .getY(), pane.getMinY(), pane.getMaxY()};
        });
        assertThat(r[0]).as("lane top vs pane top").isGreaterThanOrEqualTo(r[2]);
        assertThat(r[1]).as("lane bottom vs pane bottom").isLessThanOrEqualTo(r[3]);
    }

    private static java.util.List<org.pmdi.analysis.diff.Slowest> concat(GroupDiff g) {
        var out = new java.util.ArrayList<>(g.slowestBase());
        out.addAll(g.slowestNew());
        return out;
    }

    @Test
    void aFailedComparisonSaysWhyInTheTab() throws Exception {
        failWith.set(new IOException("not a pmdi trace"));
        openAndCompare(sample("healthy"), sample("slow-disk"));
        assertThat(fx(() -> w.compareView().message().getText())).contains("slow-disk.pmdt")
                .contains("not a pmdi trace");
        assertThat(fx(() -> w.compareView().comparison())).isNull();
    }

    @Test
    void comparingWithoutAnOpenTraceAsksForOne() throws Exception {
        run(() -> w.compareWithOpen(sample("slow-disk")));
        assertThat(fx(() -> w.compareView().message().getText())).contains("Open a trace first");
        assertThat(fx(() -> w.compareView().busy())).isFalse();
    }
}
