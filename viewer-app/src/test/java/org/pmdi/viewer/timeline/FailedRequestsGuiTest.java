package org.pmdi.viewer.timeline;

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
import org.pmdi.trace.EventType;
import org.pmdi.trace.RefusalReason;
import org.pmdi.viewer.TestTraces;
import org.pmdi.viewer.bench.SyntheticTrace;
import org.pmdi.viewer.data.EventColumns;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A healthy, a failed (EIO) and a refused request in the real timeline view: the two failures
 * are outlined in the failure colour, a pointer on them finds them, and their text says how
 * they failed (snapshot: target/snapshots/failed-requests.png).
 */
@ExtendWith(ApplicationExtension.class)
class FailedRequestsGuiTest {
    private TimelineView view;

    @Start
    void start(Stage stage) {
        view = new TimelineView();
        stage.setScene(new Scene(new StackPane(view), 1100, 330));
        stage.show();
    }

    /** One request's path on vdb (AP ring 0, Linux ring 1), {@code status} at the driver, reply and done. */
    private static void request(EventColumns.Builder b, long req, long t, long status, int refusal) {
        int ap = SyntheticTrace.AP;
        int cpu = SyntheticTrace.CPU0;
        b.add(t, ap, EventType.REQ_POST.id(), req, SyntheticTrace.VDB, 1);
        b.add(t + 2_000, ap, EventType.DOORBELL_SEND.id(), req, 0, 1);
        b.add(t + 9_000, cpu, EventType.IPI_RECV.id(), 0, 0xF2, 0);
        b.add(t + 12_000, cpu, EventType.DISPATCH.id(), req, 0, 0);
        if (refusal >= 0) {
            b.add(t + 14_000, cpu, EventType.REQ_REFUSED.id(), req, refusal, 0);
        } else {
            b.add(t + 20_000, cpu, EventType.DRV_BEGIN.id(), req, SyntheticTrace.VDB, 0);
            b.add(t + 120_000, cpu, EventType.DRV_END.id(), req, status, status == 0 ? 4096 : 0);
        }
        b.add(t + 125_000, cpu, EventType.REPLY_POST.id(), req, status, 3);
        b.add(t + 126_000, cpu, EventType.DOORBELL_SEND.id(), req, 1, 3);
        b.add(t + 135_000, ap, EventType.IPI_RECV.id(), 0, 0xF3, 0);
        b.add(t + 138_000, ap, EventType.REPLY_TAKE.id(), req, 3, 0);
        b.add(t + 141_000, ap, EventType.REQ_DONE.id(), req, status, 0);
    }

    @Test
    void failuresAreOutlinedAndTold() throws Exception {
        EventColumns.Builder b = EventColumns.builder(64);
        request(b, 1, 0, 0, -1);
        request(b, 2, 160_000, -5, -1);
        request(b, 3, 320_000, -22, RefusalReason.BAD_BUFFER.code());
        EventColumns ev = b.build();
        WindowRequests w = WindowRequests.of(ev, LaneLayout.DEVICE_ROWS);
        LaneLayout lay = LaneLayout.of(SyntheticTrace.header());
        TimelineData data = TimelineData.of(lay, null, ev, w, Long.MIN_VALUE, Long.MAX_VALUE, false);
        TimelineModel model = new TimelineModel() {
            @Override
            public LaneLayout layout() {
                return lay;
            }

            @Override
            public long durationNs() {
                return 480_000;
            }

            @Override
            public TimelineData dataFor(Viewport v, Runnable ready) {
                return data;
            }
        };
        DrawList d = fx(() -> {
            view.setModel(model, SyntheticTrace.header());
            view.layout();
            view.redrawNow();
            return view.lastDrawList();
        });
        assertThat(d.count(DrawList.FAILED)).isEqualTo(2);
        Lane vdb = lay.deviceLane(SyntheticTrace.VDB);
        Viewport v = fx(() -> view.viewportProperty().get());
        for (long req : new long[] {2, 3}) {
            WindowRequests.Span s = w.get(req);
            double x = v.x((s.start() + s.end()) / 2);
            assertThat(d.hit(x, vdb.rowY(s.row()) + 2)).isEqualTo(req);
        }
        assertThat(RequestText.summary(w.get(2), SyntheticTrace.header())).contains("failed: EIO");
        assertThat(RequestText.summary(w.get(3), SyntheticTrace.header())).contains("refused: bad_buffer");
        assertThat(RequestText.summary(w.get(1), SyntheticTrace.header())).doesNotContain("failed", "refused");
        Path dir = TestTraces.snapshots();
        Files.createDirectories(dir);
        snapshot(view, dir.resolve("failed-requests.png"));
    }
}
