package org.pmdi.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pmdi.viewer.app.GuiTesting.fx;
import static org.pmdi.viewer.app.GuiTesting.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pmdi.viewer.TestTraces;
import org.pmdi.viewer.data.OpenedTrace;
import org.pmdi.viewer.timeline.DrawList;
import org.pmdi.viewer.timeline.Lane;
import org.pmdi.viewer.timeline.TimelineView;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A live session zoomed out to the whole session, in the real timeline view: every device
 * lane with completed requests shows summary bars, as the saved file does (snapshot:
 * target/snapshots/live-zoomed-out.png). Before, those lanes were empty.
 */
@ExtendWith(ApplicationExtension.class)
class LiveZoomedOutGuiTest {
    private TimelineView view;

    @Start
    void start(Stage stage) {
        view = new TimelineView();
        stage.setScene(new Scene(new StackPane(view), 1200, 420));
        stage.show();
    }

    @Test
    void wholeSessionDrawsEveryBusyDeviceLane() throws Exception {
        Path trace = Path.of("../samples/healthy.pmdt");
        LiveStore store;
        try (OpenedTrace t = OpenedTrace.open(trace)) {
            store = LiveSummariesTest.live(trace, t.index().originTsc());
        }
        LiveTimelineModel model = new LiveTimelineModel(store);
        DrawList d = fx(() -> {
            view.setModel(model, store.header());
            view.layout();
            view.zoomToFit();
            view.redrawNow();
            return view.lastDrawList();
        });
        assertThat(d.isSummary()).isTrue();
        var b = store.buckets();
        for (int k = 0; k < b.deviceCount(); k++) {
            long completed = 0;
            for (int i = 0; i < b.bucketCount(); i++) {
                completed += b.requests(k, i);
            }
            Lane lane = model.layout().deviceLane(b.deviceId(k));
            int bars = 0;
            for (int i = 0; i < d.size(); i++) {
                double y = d.y(i) + d.h(i) / 2;
                bars += d.kind(i) == DrawList.DENSITY && y >= lane.y() && y < lane.y() + lane.height() ? 1 : 0;
            }
            assertThat(bars > 0).as("%s: %d completed, %d bars", lane.label(), completed, bars).isEqualTo(completed > 0);
        }
        Path dir = TestTraces.snapshots();
        Files.createDirectories(dir);
        snapshot(view, dir.resolve("live-zoomed-out.png"));
    }
}
