package org.pmdi.viewer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pmdi.viewer.app.GuiTesting.fx;
import static org.pmdi.viewer.app.GuiTesting.run;
import static org.pmdi.viewer.app.GuiTesting.snapshot;
import static org.pmdi.viewer.app.GuiTesting.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.viewer.TestTraces;
import org.pmdi.viewer.data.AnalysisResult;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The committed samples of real board runs (samples/, made by samples/make-samples.sh),
 * each opened in the real main window, headless: the views show what the analysis says,
 * the throttled vdb stands out in the slow-disk sample, and every stuck request is listed
 * with its diagnosis.
 */
@ExtendWith(ApplicationExtension.class)
class SampleGuiTest {
    private MainWindow w;

    @Start
    void start(Stage stage) {
        w = GuiTesting.showMainWindow(stage);
    }

    /** The project root: the first directory upwards from here that has the launcher. */
    private static Path sample(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("pmdi"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the project root above %s", Path.of("").toAbsolutePath()).isNotNull();
        return dir.resolve("samples").resolve(name + ".pmdt");
    }

    @ParameterizedTest
    @ValueSource(strings = { "healthy", "slow-disk", "no-doorbell", "no-reap", "ap-silent", "ap-fault",
            "stuck-driver", "flight-no-reap" })
    void viewsShowWhatTheAnalysisSaysOnARealTrace(String name) throws Exception {
        Path p = sample(name);
        assertThat(p).exists();
        run(() -> w.controller().open(p));
        waitFor("analysis of " + p, 60, () -> w.controller().result() != null
                && w.latency().result() != null && w.controller().result() == w.latency().result());
        waitFor("a drawn timeline", 20, () -> w.timeline().lastDrawList() != null);
        AnalysisResult r = fx(() -> w.controller().result());

        var rows = fx(() -> w.latency().table().getItems());
        assertThat(rows.stream().mapToLong(LatencySummary::count).sum()).isEqualTo(r.snapshot().completed());
        if (name.equals("slow-disk")) {
            assertThat(r.deviceName(r.slowestDevice())).isEqualTo("vdb");
            assertThat(rows.get(0).device()).isEqualTo(r.slowestDevice());
            assertThat(fx(() -> w.latency().headline().getText())).contains("Slowest: vdb");
        }
        var findings = fx(() -> w.findings().table().getItems());
        assertThat(findings.stream().filter(f -> f.kind().equals("stuck request")).count())
                .isEqualTo(r.snapshot().stuck().size());
        for (var s : r.snapshot().stuck()) {
            assertThat(findings).anyMatch(f -> f.req() == s.request().id()
                    && f.diagnosis().contains(s.reason().words()));
        }
        if (!name.equals("healthy") && !name.equals("slow-disk") && !name.equals("ap-fault")) {
            assertThat(r.snapshot().stuck()).isNotEmpty();
        }
        Path dir = TestTraces.snapshots();
        Files.createDirectories(dir);
        snapshot(w.scene().getRoot(), dir.resolve("sample-" + name + ".png"));
    }
}
