package org.pmdi.viewer.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Orientation;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.jfree.chart.JFreeChart;
import org.pmdi.viewer.compare.CompareView;
import org.pmdi.viewer.compare.Comparer;
import org.pmdi.viewer.data.AnalysisResult;
import org.pmdi.viewer.events.EventTableView;
import org.pmdi.viewer.export.PngExport;
import org.pmdi.viewer.export.TraceExport;
import org.pmdi.viewer.latency.LatencyView;
import org.pmdi.viewer.latency.RequestPick;
import org.pmdi.viewer.live.AttachDialog;
import org.pmdi.viewer.live.AttachSpec;
import org.pmdi.viewer.stuck.FindingRow;
import org.pmdi.viewer.stuck.FindingsView;
import org.pmdi.viewer.timeline.RequestText;
import org.pmdi.viewer.timeline.TimelineData;
import org.pmdi.viewer.timeline.TimelineView;
import org.pmdi.viewer.timeline.Viewport;
import org.pmdi.viewer.timeline.WindowRequests;

/**
 * The main window: menus, replay bar, the timeline with its detail pane, the latency,
 * findings and event views in tabs, and the status bar; wires selection between them.
 *
 * <pre>{@code
 * MainWindow w = new MainWindow();
 * stage.setScene(w.scene());
 * w.controller().open(path);
 * }</pre>
 *
 * FX thread only.
 */
public final class MainWindow {
    private final TimelineView timeline = new TimelineView();
    private final StatusBar status = new StatusBar();
    private final ReplayBar replay = new ReplayBar(timeline);
    private final TextArea detail = new TextArea();
    private final LatencyView latency = new LatencyView(this::showPick);
    private final FindingsView findings = new FindingsView(this::showFinding);
    private final EventTableView events = new EventTableView(req -> timeline.selectedRequestProperty().set(req));
    private final TabPane tabs = new TabPane();
    private final Tab compareTab;
    private final CompareView compare;
    private final Comparer comparer;
    private final SessionController controller;
    private final Scene scene;
    private double mainDivider = 0.5;
    private TimelineData detailData;
    private long detailReq = -1;

    public MainWindow() {
        this(Comparer.engine());
    }

    /** A window whose comparisons ({@link #compare}) are made by {@code comparer}. */
    public MainWindow(Comparer comparer) {
        this.comparer = comparer;
        controller = new SessionController(timeline, status, this::showResult, replay::reset);
        compare = new CompareView(controller.pool());
        compare.setOnCompareDrop(this::compareWithOpen);
        detail.setEditable(false);
        detail.setStyle("-fx-font-family: monospace; -fx-font-size: 11px;");
        detail.setText("Click a request on the timeline.\n\nKeys: W/S zoom, A/D pan, F zoom to selection, "
                + "Esc clear,\nEnd follow live again. Wheel zooms, drag pans, shift+wheel pans.");
        ScrollPane tlScroll = new ScrollPane(timeline);
        tlScroll.setFitToWidth(true);
        tlScroll.setFitToHeight(true);
        tlScroll.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, timeline::handleKey);
        SplitPane top = new SplitPane(tlScroll, detail);
        top.setDividerPositions(0.78);
        Tab tLat = new Tab("Latency", latency);
        Tab tFind = new Tab("Stuck requests & findings", findings);
        Tab tEv = new Tab("Events", events);
        compareTab = new Tab(null, compare);
        // the tab's header is a drop zone too: a trace dropped there is compared, not opened
        javafx.scene.control.Label compareHeader = new javafx.scene.control.Label("Compare");
        compareHeader.setOnDragOver(compare.getOnDragOver());
        compareHeader.setOnDragDropped(compare.getOnDragDropped());
        compareTab.setGraphic(compareHeader);
        tabs.getTabs().addAll(tLat, tFind, tEv, compareTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane main = new SplitPane(top, tabs);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.5);
        // the comparison has its own two timelines: give its tab most of the height while shown
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b == compareTab) {
                mainDivider = main.getDividerPositions()[0];
                main.setDividerPositions(0.12);
            } else if (a == compareTab) {
                main.setDividerPositions(mainDivider);
            }
        });
        BorderPane root = new BorderPane(main);
        root.setTop(new VBox(menus(), replay));
        root.setBottom(status);
        scene = new Scene(root, 1400, 900);
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (ok) {
                controller.open(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        timeline.selectedRequestProperty().addListener((o, a, b) -> updateDetail());
        timeline.setOnDrawn(() -> {
            TimelineData d = timeline.lastData();
            if (d != null) {
                events.show(d.events(), d.spans(), timeline.header());
            }
            if (d != detailData) {
                updateDetail();
            }
            status.showFrame(timeline.frameStats().lastTotalNs());
        });
    }

    public Scene scene() {
        return scene;
    }

    public SessionController controller() {
        return controller;
    }

    public TimelineView timeline() {
        return timeline;
    }

    public LatencyView latency() {
        return latency;
    }

    public FindingsView findings() {
        return findings;
    }

    public EventTableView events() {
        return events;
    }

    public StatusBar status() {
        return status;
    }

    public ReplayBar replay() {
        return replay;
    }

    public TabPane tabs() {
        return tabs;
    }

    public TextArea detail() {
        return detail;
    }

    public CompareView compareView() {
        return compare;
    }

    public Tab compareTab() {
        return compareTab;
    }

    /**
     * Compares {@code base} with {@code neu} in the background and shows the Compare tab;
     * progress and errors show there.
     */
    public javafx.concurrent.Task<?> compare(Path base, Path neu) {
        tabs.getSelectionModel().select(compareTab);
        status.showMessage("Comparing " + base.getFileName() + " with " + neu.getFileName() + " …");
        var t = compare.start(base, neu, comparer);
        // the view's own handlers stay: add, do not replace
        t.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_SUCCEEDED,
                e -> status.showMessage("Compared " + base.getFileName() + " with " + neu.getFileName()));
        t.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_FAILED,
                e -> status.showMessage("Comparison failed: " + t.getException().getMessage()));
        return t;
    }

    /** Compares the open trace with {@code neu}; without an open trace, says so. */
    public void compareWithOpen(Path neu) {
        if (controller.trace() == null) {
            status.showMessage("Open a trace first, then compare another with it.");
            tabs.getSelectionModel().select(compareTab);
            compare.message().setText("Open a trace first (File → Open trace…), then compare another with it.");
            return;
        }
        compare(controller.trace().path(), neu);
    }

    private MenuBar menus() {
        MenuItem open = item("Open trace…", "Shortcut+O", () -> chooseTrace().ifPresent(controller::open));
        MenuItem compareWith = item("Compare with…", "Shortcut+K", () -> {
            if (controller.trace() == null) {
                compareWithOpen(null);
            } else {
                chooseTrace().ifPresent(this::compareWithOpen);
            }
        });
        MenuItem attach = item("Attach live…", "Shortcut+L", this::attachDialog);
        MenuItem detach = item("Detach", null, controller::detach);
        MenuItem pngTimeline = item("Export timeline as PNG…", null, () -> savePng(true));
        MenuItem pngCharts = item("Export latency charts as PNG…", null, () -> savePng(false));
        List<MenuItem> exports = new ArrayList<>();
        for (TraceExport.Format f : TraceExport.Format.values()) {
            exports.add(item("Export trace: " + f.label() + "…", null, () -> exportTrace(f, false)));
        }
        for (TraceExport.Format f : TraceExport.Format.values()) {
            exports.add(item("Export visible range: " + f.label() + "…", null, () -> exportTrace(f, true)));
        }
        MenuItem quit = item("Quit", "Shortcut+Q", () -> scene.getWindow().hide());
        Menu file = new Menu("File");
        file.getItems().addAll(open, compareWith, attach, detach, new SeparatorMenuItem(), pngTimeline, pngCharts,
                new SeparatorMenuItem());
        file.getItems().addAll(exports);
        file.getItems().addAll(new SeparatorMenuItem(), quit);
        Menu view = new Menu("View");
        view.getItems().addAll(item("Zoom to fit", "Shortcut+0", timeline::zoomToFit),
                item("Zoom to selection", "Shortcut+F", timeline::zoomToSelection));
        return new MenuBar(file, view);
    }

    private static MenuItem item(String text, String accel, Runnable r) {
        MenuItem m = new MenuItem(text);
        if (accel != null) {
            m.setAccelerator(KeyCombination.keyCombination(accel));
        }
        m.setOnAction(e -> r.run());
        return m;
    }

    private Window window() {
        return scene.getWindow();
    }

    private java.util.Optional<Path> chooseTrace() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a pmdi trace");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("pmdi traces", "*.pmdt"),
                new FileChooser.ExtensionFilter("all files", "*"));
        File f = fc.showOpenDialog(window());
        return java.util.Optional.ofNullable(f).map(File::toPath);
    }

    private void attachDialog() {
        new AttachDialog(Path.of(System.getProperty("pmdi.root", ".")).resolve("build")).showAndWait()
                .ifPresent(spec -> attach(spec, null));
    }

    /** Attaches live; errors are shown in a dialog and on the status bar. */
    public void attach(AttachSpec spec, Path recording) {
        try {
            controller.attach(spec, recording);
        } catch (IOException | RuntimeException e) {
            status.showMessage("Attach failed: " + e.getMessage());
            if (window() != null && window().isShowing()) {
                new Alert(Alert.AlertType.ERROR, "Could not attach to " + spec.text() + ":\n" + e.getMessage())
                        .show();
            }
        }
    }

    private void showResult(AnalysisResult r) {
        latency.show(r, controller.toTimelineNs(0));
        findings.show(r);
    }

    private void showPick(RequestPick p) {
        long at = controller.toTimelineNs(p.postNs());
        timeline.showRequest(p.req(), at, at + p.latencyNs());
    }

    private void showFinding(FindingRow r) {
        long from = controller.toTimelineNs(r.fromNs());
        long to = controller.toTimelineNs(r.toNs());
        if (r.req() > 0) {
            // where it stopped: its first events and a few ms of what came after
            timeline.showRequest(r.req(), from, Math.min(to, from + 3_000_000));
        } else {
            long span = Math.max(1_000_000, to - from);
            timeline.setViewport(Viewport.around(from, from + span, 0.5, 800));
        }
    }

    private void updateDetail() {
        TimelineData d = timeline.lastData();
        long req = timeline.selectedRequestProperty().get();
        if (d == detailData && req == detailReq) {
            return;
        }
        detailData = d;
        detailReq = req;
        if (req == 0) {
            return;
        }
        WindowRequests.Span s = d == null || d.spans() == null ? null : d.spans().get(req);
        if (s == null) {
            detail.setText("Request " + req + ": not in the decoded window yet.");
            return;
        }
        List<String> lines = new ArrayList<>(RequestText.details(s, timeline.header(), !d.reachesNewest()));
        lines.add("");
        lines.add("Events:");
        lines.addAll(RequestText.events(d.events(), req, timeline.header()));
        detail.setText(String.join("\n", lines));
    }

    private void savePng(boolean timelineOnly) {
        if (timelineOnly) {
            FileChooser fc = new FileChooser();
            fc.setInitialFileName("timeline.png");
            File f = fc.showSaveDialog(window());
            if (f != null) {
                try {
                    PngExport.node(timeline.canvas(), f.toPath());
                    status.showMessage("Saved " + f);
                } catch (IOException e) {
                    status.showMessage("PNG export failed: " + e.getMessage());
                }
            }
            return;
        }
        DirectoryChooser dc = new DirectoryChooser();
        File dir = dc.showDialog(window());
        if (dir == null) {
            return;
        }
        String[] names = {"latency-histogram.png", "latency-over-time.png", "latency-phases.png"};
        JFreeChart[] charts = latency.charts();
        try {
            for (int i = 0; i < charts.length; i++) {
                if (charts[i] != null) {
                    PngExport.chart(charts[i], 1200, 700, dir.toPath().resolve(names[i]));
                }
            }
            status.showMessage("Saved the latency charts to " + dir);
        } catch (IOException e) {
            status.showMessage("PNG export failed: " + e.getMessage());
        }
    }

    private void exportTrace(TraceExport.Format f, boolean visibleOnly) {
        Path src = controller.trace() != null ? controller.trace().path()
                : controller.live() != null ? controller.live().recording() : null;
        if (src == null) {
            status.showMessage("Nothing to export: open a trace or attach first.");
            return;
        }
        Path out;
        if (f == TraceExport.Format.CTF) {
            File d = new DirectoryChooser().showDialog(window());
            if (d == null) {
                return;
            }
            out = d.toPath();
        } else {
            FileChooser fc = new FileChooser();
            fc.setInitialFileName("trace." + f.extension());
            File file = fc.showSaveDialog(window());
            if (file == null) {
                return;
            }
            out = file.toPath();
        }
        Viewport v = timeline.viewportProperty().get();
        // the exporters count time like the analysis: shift the timeline's range onto that base
        long shift = controller.toTimelineNs(0);
        var task = TraceExport.task(src, f, visibleOnly ? v.startNs() - shift : 1,
                visibleOnly ? v.endNs() - shift : 0, out);
        task.setOnSucceeded(e -> status.showMessage("Exported " + f.label() + " to " + out));
        task.setOnFailed(e -> status.showMessage("Export failed: " + task.getException().getMessage()));
        controller.pool().submit(task);
    }
}
