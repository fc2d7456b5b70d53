package org.pmdi.viewer.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.pmdi.analysis.diff.Change;
import org.pmdi.analysis.diff.GroupDiff;
import org.pmdi.analysis.diff.Slowest;
import org.pmdi.viewer.latency.LatencyCharts;
import org.pmdi.viewer.timeline.FileTimelineModel;
import org.pmdi.viewer.timeline.Lane;
import org.pmdi.viewer.timeline.TimeRuler;
import org.pmdi.viewer.timeline.TimelineView;

/**
 * The Compare tab: the delta table (one row per compared statistic, ▲ regression / ▼
 * improvement, significant ones first), the chosen device's latency histograms of both sides
 * overlaid, the two traces' timelines aligned at their start one above the other, and, for
 * the row clicked, each side's slowest requests of that group (both timelines move to them).
 * A .pmdt dropped here is compared with the open trace.
 *
 * <pre>{@code
 * CompareView v = new CompareView(pool);
 * v.start(base, neu, Comparer.engine());    // returns at once; progress and errors show in the view
 * }</pre>
 *
 * FX thread only.
 */
public final class CompareView extends BorderPane {
    private static final String ERROR_STYLE = "-fx-text-fill: #b00000; -fx-font-weight: bold;";
    private final ExecutorService pool;
    private final TableView<DeltaRow> table = new TableView<>();
    private final TableView<SlowRow> slowest = new TableView<>();
    private final ChartViewer histogram = new ChartViewer(null);
    private final ComboBox<String> device = new ComboBox<>();
    private final ComboBox<String> phase = new ComboBox<>(FXCollections.observableArrayList(CompareDatasets.phases()));
    private final CheckBox alignedBox = new CheckBox("timelines aligned at start");
    private final Label headline = new Label("Compare the open trace with another: File → Compare with…, "
            + "or drop a .pmdt file here (on this tab).");
    private final Label message = new Label();
    private final Label notes = new Label();
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Label baseName = new Label("base");
    private final Label newName = new Label("new");
    private final AlignedTimelines timelines = new AlignedTimelines(new TimelineView(), new TimelineView());
    private final ScrollPane baseScroll = scroll(timelines.base());
    private final ScrollPane newScroll = scroll(timelines.neu());
    private Comparison comparison;
    private Task<Comparison> running;
    private Consumer<Path> onDrop = p -> { };

    /** A row of the slowest-requests table: the {@code rank}-th slowest (1 = slowest) of a side. */
    public record SlowRow(String side, int rank, Slowest request) {
        /** Base's 1st, new's 1st, base's 2nd, ...: each side's slowest is in sight without scrolling. */
        public static List<SlowRow> interleaved(GroupDiff g) {
            List<SlowRow> out = new java.util.ArrayList<>();
            for (int i = 0; i < Math.max(g.slowestBase().size(), g.slowestNew().size()); i++) {
                if (i < g.slowestBase().size()) {
                    out.add(new SlowRow(CompareDatasets.BASE, i + 1, g.slowestBase().get(i)));
                }
                if (i < g.slowestNew().size()) {
                    out.add(new SlowRow(CompareDatasets.NEW, i + 1, g.slowestNew().get(i)));
                }
            }
            return out;
        }
    }

    public CompareView(ExecutorService pool) {
        this.pool = pool;
        progress.setVisible(false);
        progress.setPrefSize(18, 18);
        headline.setStyle("-fx-font-weight: bold;");
        notes.setWrapText(true);
        notes.setStyle("-fx-text-fill: #7a4b00;");
        alignedBox.selectedProperty().bindBidirectional(timelines.alignedProperty());
        phase.getSelectionModel().select(CompareDatasets.TOTAL);
        phase.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String key) {
                return key == null ? "" : DeltaRow.phaseWords(key);
            }

            @Override
            public String fromString(String words) {
                return CompareDatasets.phases().stream().filter(k -> DeltaRow.phaseWords(k).equals(words))
                        .findFirst().orElse(CompareDatasets.TOTAL);
            }
        });
        device.setOnAction(e -> redrawHistogram());
        phase.setOnAction(e -> redrawHistogram());
        HBox bar = new HBox(10, progress, headline, message);
        bar.setAlignment(Pos.CENTER_LEFT);
        device.setPrefWidth(110);
        phase.setPrefWidth(210);
        HBox choices = new HBox(10, new Label("histograms of"), device, phase, alignedBox);
        choices.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(3, bar, choices, notes);
        top.setPadding(new Insets(4, 8, 4, 8));
        setTop(top);
        buildTable();
        buildSlowest();
        VBox left = new VBox(4, table, new Label("Slowest requests of the clicked row's group (click: show it)"),
                slowest);
        VBox.setVgrow(table, Priority.ALWAYS);
        slowest.setPrefHeight(130);
        left.setPadding(new Insets(0, 0, 0, 4));
        VBox lanes = new VBox(2, baseName, baseScroll, newName, newScroll);
        // the lanes scroll to the compared device, the ruler with them: say the shown range in words
        timelines.base().viewportProperty().addListener((o, a, v) -> rangeLabel(baseName, v));
        timelines.neu().viewportProperty().addListener((o, a, v) -> rangeLabel(newName, v));
        VBox.setVgrow(lanes.getChildren().get(1), Priority.ALWAYS);
        VBox.setVgrow(lanes.getChildren().get(3), Priority.ALWAYS);
        SplitPane right = new SplitPane(histogram, lanes);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.34);
        SplitPane center = new SplitPane(left, right);
        center.setDividerPositions(0.52);
        setCenter(center);
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (ok) {
                onDrop.accept(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    private static void rangeLabel(Label l, org.pmdi.viewer.timeline.Viewport v) {
        if (l.getUserData() != null) {
            l.setText(l.getUserData() + ":  " + TimeRuler.format(v.startNs()) + " … " + TimeRuler.format(v.endNs())
                    + " from its start");
        }
    }

    private static ScrollPane scroll(TimelineView tv) {
        ScrollPane s = new ScrollPane(tv);
        s.setFitToWidth(true);
        // not fit to height: the view keeps its lanes' height, so that the pane scrolls to a device's lane
        s.setFitToHeight(false);
        s.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, tv::handleKey);
        return s;
    }

    /** What a .pmdt dropped on this view does (the main window: compare it with the open trace). */
    public void setOnCompareDrop(Consumer<Path> c) {
        onDrop = c == null ? p -> { } : c;
    }

    private void buildTable() {
        TableColumn<DeltaRow, String> mark = col("", DeltaRow::mark);
        mark.setMaxWidth(28);
        mark.setMinWidth(28);
        mark.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setStyle(DeltaRow.REGRESSION.equals(s) ? "-fx-text-fill: #c62828;"
                        : DeltaRow.IMPROVEMENT.equals(s) ? "-fx-text-fill: #2e7d32;" : "");
            }
        });
        table.getColumns().add(mark);
        double[] widths = {130, 175, 36, 160, 56, 100};
        table.getColumns().add(col("group", DeltaRow::group));
        table.getColumns().add(col("phase", DeltaRow::phase));
        table.getColumns().add(col("stat", DeltaRow::stat));
        table.getColumns().add(col("base → new", DeltaRow::values));
        table.getColumns().add(col("ratio", DeltaRow::ratio));
        table.getColumns().add(col("CI", DeltaRow::interval));
        for (int i = 0; i < widths.length; i++) {
            table.getColumns().get(i + 1).setPrefWidth(widths[i]);
        }
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(new Label("No comparison yet."));
        table.setRowFactory(tv -> {
            TableRow<DeltaRow> row = new TableRow<>() {
                @Override
                protected void updateItem(DeltaRow r, boolean empty) {
                    super.updateItem(r, empty);
                    setStyle(empty || r == null || !r.change().significant() ? ""
                            : r.change().regression() ? "-fx-font-weight: bold;" : "");
                }
            };
            row.setOnMouseClicked(e -> {
                if (row.getItem() != null) {
                    select(row.getItem());
                }
            });
            return row;
        });
    }

    private void buildSlowest() {
        slowest.getColumns().add(scol("side", SlowRow::side));
        slowest.getColumns().add(scol("#", r -> Integer.toString(r.rank())));
        slowest.getColumns().get(0).setMaxWidth(70);
        slowest.getColumns().get(1).setMaxWidth(40);
        slowest.getColumns().add(scol("request", r -> Long.toString(r.request().req())));
        slowest.getColumns().add(scol("posted (from start)", r -> TimeRuler.format(r.request().postNs())));
        slowest.getColumns().add(scol("latency", r -> DeltaRow.duration(r.request().totalNs())));
        slowest.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        slowest.setPlaceholder(new Label("Click a row above."));
        slowest.setRowFactory(tv -> {
            TableRow<SlowRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                SlowRow r = row.getItem();
                if (r != null) {
                    boolean base = r.side().equals(CompareDatasets.BASE);
                    timelines.show(base ? r.request() : null, base ? null : r.request());
                }
            });
            return row;
        });
    }

    private static <T> TableColumn<T, String> column(String name, Function<T, String> f) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setSortable(false);
        return c;
    }

    private static TableColumn<DeltaRow, String> col(String name, Function<DeltaRow, String> f) {
        return column(name, f);
    }

    private static TableColumn<SlowRow, String> scol(String name, Function<SlowRow, String> f) {
        return column(name, f);
    }

    /**
     * Opens both traces and compares them in the background, showing progress; on success the
     * view shows the comparison, on failure the error in plain words.
     */
    public Task<Comparison> start(Path base, Path neu, Comparer comparer) {
        if (running != null) {
            running.cancel(false);
        }
        Task<Comparison> t = new Task<>() {
            @Override
            protected Comparison call() throws IOException {
                return Comparison.load(base, neu, comparer, this::updateMessage);
            }
        };
        running = t;
        progress.setVisible(true);
        message.setStyle("");
        message.textProperty().bind(t.messageProperty());
        t.setOnSucceeded(e -> {
            if (running == t) {
                finish();
                show(t.getValue());
            } else {
                closeQuietly(t.getValue());
            }
        });
        t.setOnFailed(e -> {
            if (running == t) {
                finish();
                Throwable x = t.getException();
                message.setText("Could not compare " + base.getFileName() + " with " + neu.getFileName() + ": "
                        + (x.getMessage() != null ? x.getMessage() : x.toString()));
                message.setStyle(ERROR_STYLE);
            }
        });
        pool.submit(t);
        return t;
    }

    private void finish() {
        running = null;
        progress.setVisible(false);
        message.textProperty().unbind();
        message.setText("");
    }

    /** Shows {@code c} (this view closes it when replaced or closed). */
    public void show(Comparison c) {
        closeQuietly(comparison);
        comparison = c;
        var r = c.report();
        headline.setText(c.base().path().getFileName() + " → " + c.neu().path().getFileName() + ": "
                + CompareDatasets.headline(r));
        List<String> n = CompareDatasets.notes(r);
        notes.setText(String.join("\n", n));
        notes.setManaged(!n.isEmpty());
        table.setItems(FXCollections.observableArrayList(DeltaRow.of(r)));
        slowest.getItems().clear();
        device.setItems(FXCollections.observableArrayList(CompareDatasets.devices(r)));
        device.getSelectionModel().selectFirst();
        if (!r.significant().isEmpty()) {
            phase.getSelectionModel().select(r.significant().get(0).phase());
        }
        baseName.setUserData("base: " + c.base().path().getFileName());
        newName.setUserData("new: " + c.neu().path().getFileName());
        timelines.alignedProperty().set(true);
        timelines.base().setModel(new FileTimelineModel(c.base(), pool), c.base().header());
        timelines.neu().setModel(new FileTimelineModel(c.neu(), pool), c.neu().header());
        // one axis: both start at 0 and span the longer trace
        long span = Math.max(timelines.base().model().durationNs(), timelines.neu().model().durationNs());
        timelines.base().viewportProperty().set(org.pmdi.viewer.timeline.Viewport.of(0, span,
                timelines.base().viewportProperty().get().widthPx()));
        rangeLabel(baseName, timelines.base().viewportProperty().get());
        rangeLabel(newName, timelines.neu().viewportProperty().get());
        redrawHistogram();
        if (device.getValue() != null) {
            showLanes(device.getValue());
        }
    }

    /** Scrolls both timelines so that {@code dev}'s lane is in sight (after the next layout). */
    private void showLanes(String dev) {
        Platform.runLater(() -> {
            scrollTo(baseScroll, timelines.base(), dev);
            scrollTo(newScroll, timelines.neu(), dev);
        });
    }

    private static void scrollTo(ScrollPane sp, TimelineView tv, String dev) {
        if (tv.model() == null) {
            return;
        }
        double content = tv.model().layout().height();
        double visible = sp.getViewportBounds().getHeight();
        if (content <= visible) {
            return;
        }
        tv.model().layout().lanes().stream()
                .filter(l -> l.kind() == Lane.Kind.DEVICE && (l.label().equals(dev) || l.label().startsWith(dev + " ")))
                .findFirst()
                .ifPresent(l -> sp.setVvalue(Math.min(1, Math.max(0, (l.y() + l.height() - visible) / (content - visible)))));
    }

    /** Selects {@code row}: its group's slowest requests of each side, both timelines on the slowest of each. */
    public void select(DeltaRow row) {
        table.getSelectionModel().select(row);
        Change ch = row.change();
        if (!ch.group().device().equals(device.getValue())) {
            device.getSelectionModel().select(ch.group().device());
        }
        phase.getSelectionModel().select(ch.phase());
        redrawHistogram();
        GroupDiff g = comparison == null ? null : comparison.group(ch.group()).orElse(null);
        if (g == null) {
            slowest.getItems().clear();
            return;
        }
        slowest.setItems(FXCollections.observableArrayList(SlowRow.interleaved(g)));
        showLanes(ch.group().device());
        timelines.show(g.slowestBase().isEmpty() ? null : g.slowestBase().get(0),
                g.slowestNew().isEmpty() ? null : g.slowestNew().get(0));
    }

    private void redrawHistogram() {
        if (comparison == null || device.getValue() == null) {
            histogram.setChart(null);
            return;
        }
        String ph = phase.getValue() == null ? CompareDatasets.TOTAL : phase.getValue();
        JFreeChart c = LatencyCharts.histogram(CompareDatasets.histograms(comparison.report(), device.getValue(), ph),
                1, true);
        c.setTitle(device.getValue() + ": " + DeltaRow.phaseWords(ph) + " latency, base vs new");
        histogram.setChart(c);
    }

    private static void closeQuietly(Comparison c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // read-only files: nothing to save
            }
        }
    }

    /** Closes the shown comparison's files. */
    public void close() {
        if (running != null) {
            running.cancel(false);
            running = null;
        }
        closeQuietly(comparison);
        comparison = null;
    }

    public Comparison comparison() {
        return comparison;
    }

    public boolean busy() {
        return running != null;
    }

    public TableView<DeltaRow> table() {
        return table;
    }

    public TableView<SlowRow> slowest() {
        return slowest;
    }

    public JFreeChart histogramChart() {
        return histogram.getChart();
    }

    public AlignedTimelines timelines() {
        return timelines;
    }

    /** The scroll pane of the base timeline (0) or the new one (1). */
    public ScrollPane timelineScroll(int side) {
        return side == 0 ? baseScroll : newScroll;
    }

    /** The label above the base timeline (0) or the new one (1): file and shown range. */
    public Label timelineLabel(int side) {
        return side == 0 ? baseName : newName;
    }

    public Label headline() {
        return headline;
    }

    public Label message() {
        return message;
    }

    public ComboBox<String> device() {
        return device;
    }

    public ComboBox<String> phase() {
        return phase;
    }
}
