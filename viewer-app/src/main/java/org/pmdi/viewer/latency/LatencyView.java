package org.pmdi.viewer.latency;

import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.RowConstraints;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.jfree.chart.plot.XYPlot;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.viewer.data.AnalysisResult;
import org.pmdi.viewer.timeline.TimeRuler;

/**
 * The latency view (the view step of dataset → chart → view): per-device histogram (log
 * scale option), latency over time as a density, the percentile table and the per-phase
 * breakdown. The slowest device is red everywhere and its table row is marked. Latency counts
 * successful requests ("ok"); the "errors" column and the headline give each device's failed
 * requests and rate. Clicking a density cell or a table row picks a request (the slowest one
 * there) for the timeline.
 *
 * <pre>{@code
 * LatencyView v = new LatencyView(pick -> timeline.showRequest(pick.req(), pick.postNs(), ...));
 * v.show(result);
 * }</pre>
 *
 * FX thread only.
 */
public final class LatencyView extends BorderPane {
    private final ChartViewer histogram = new ChartViewer(null);
    private final ChartViewer density = new ChartViewer(null);
    private final ChartViewer phases = new ChartViewer(null);
    private final TableView<LatencySummary> table = new TableView<>();
    private final CheckBox logScale = new CheckBox("log counts");
    private final ComboBox<DeviceChoice> densityDevice = new ComboBox<>();
    private final Label headline = new Label("No trace analysed yet.");
    private final Label failing = new Label();
    private final Consumer<RequestPick> onPick;
    private AnalysisResult result;
    private int slowest = -1;
    private long shiftNs;

    /** A device in the density chooser (-2: all devices). */
    public record DeviceChoice(int id, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    public LatencyView(Consumer<RequestPick> onPick) {
        this.onPick = onPick;
        logScale.setSelected(true);
        logScale.setOnAction(e -> redrawHistogram());
        densityDevice.setOnAction(e -> redrawDensity());
        failing.setStyle("-fx-text-fill: #b00000; -fx-font-weight: bold;");
        HBox bar = new HBox(12, headline, failing, logScale, new Label("over time:"), densityDevice);
        bar.setPadding(new Insets(4, 8, 4, 8));
        setTop(bar);
        buildTable();
        GridPane g = new GridPane();
        g.add(histogram, 0, 0);
        g.add(density, 1, 0);
        g.add(table, 0, 1);
        g.add(phases, 1, 1);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(50);
            cc.setHgrow(Priority.ALWAYS);
            g.getColumnConstraints().add(cc);
            RowConstraints rc = new RowConstraints();
            rc.setPercentHeight(50);
            rc.setVgrow(Priority.ALWAYS);
            g.getRowConstraints().add(rc);
        }
        setCenter(g);
        density.addChartMouseListener(new ChartMouseListenerFX() {
            @Override
            public void chartMouseClicked(ChartMouseEventFX e) {
                pickAt(e);
            }

            @Override
            public void chartMouseMoved(ChartMouseEventFX e) {
            }
        });
    }

    private void buildTable() {
        table.getColumns().add(col("device", s -> result == null ? "" : LatencyDatasets.rowLabel(result, s)));
        table.getColumns().get(0).setMinWidth(140);
        table.getColumns().add(col("ok", s -> String.format("%,d", s.count())));
        table.getColumns().add(col("per s", s -> String.format("%,.0f", s.perSecond())));
        table.getColumns().add(col("p50", s -> TimeRuler.format(s.p50Ns())));
        table.getColumns().add(col("p90", s -> TimeRuler.format(s.p90Ns())));
        table.getColumns().add(col("p99", s -> TimeRuler.format(s.p99Ns())));
        table.getColumns().add(col("p99.9", s -> TimeRuler.format(s.p999Ns())));
        table.getColumns().add(col("max", s -> TimeRuler.format(s.maxNs())));
        TableColumn<LatencySummary, String> errors = col("errors",
                s -> result == null ? "" : LatencyDatasets.errorsText(result, s.device()));
        errors.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                // failed requests are not in the latency columns: make them hard to miss
                setStyle(!empty && text != null && !text.isEmpty() && !text.equals("0")
                        ? "-fx-text-fill: #b00000; -fx-font-weight: bold;" : "");
            }
        });
        errors.setMinWidth(100);
        table.getColumns().add(errors);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setRowFactory(tv -> {
            TableRow<LatencySummary> row = new TableRow<>() {
                @Override
                protected void updateItem(LatencySummary s, boolean empty) {
                    super.updateItem(s, empty);
                    setStyle(!empty && s != null && s.device() == slowest
                            ? "-fx-background-color: #fde2e2; -fx-font-weight: bold;" : "");
                }
            };
            row.setOnMouseClicked(e -> {
                if (row.getItem() != null && result != null) {
                    RequestPick p = RequestPick.slowest(result.overTime(), row.getItem().device());
                    if (p != null) {
                        onPick.accept(p);
                    }
                }
            });
            return row;
        });
    }

    private static TableColumn<LatencySummary, String> col(String name,
            java.util.function.Function<LatencySummary, String> f) {
        TableColumn<LatencySummary, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setSortable(false);
        return c;
    }

    /** Shows {@code r} (not null). */
    public void show(AnalysisResult r) {
        show(r, 0);
    }

    /**
     * Shows {@code r} with its times shifted by {@code shiftNs}, so that the time axis reads
     * like the timeline's ruler.
     */
    public void show(AnalysisResult r, long shiftNs) {
        this.shiftNs = shiftNs;
        boolean first = result == null;
        this.result = r;
        this.slowest = r.slowestDevice();
        table.setItems(FXCollections.observableArrayList(LatencyDatasets.table(r)));
        table.refresh();
        DeviceChoice keep = densityDevice.getValue();
        var choices = FXCollections.<DeviceChoice>observableArrayList();
        choices.add(new DeviceChoice(-2, "all devices"));
        for (int d : LatencyDatasets.histogramDevices(r)) {
            choices.add(new DeviceChoice(d, r.deviceLabel(d)));
        }
        densityDevice.setItems(choices);
        DeviceChoice pick = choices.stream().filter(c -> keep != null && c.id() == keep.id()).findFirst()
                .orElse(choices.stream().filter(c -> c.id() == slowest).findFirst().orElse(choices.get(0)));
        densityDevice.setValue(pick);
        headline.setText(slowest < 0 ? "No completed requests." : "Slowest: " + r.deviceLabel(slowest) + ", p99 "
                + TimeRuler.format(r.totals().stream().filter(s -> s.device() == slowest).findFirst()
                        .map(LatencySummary::p99Ns).orElse(0L)));
        headline.setStyle(slowest < 0 ? "" : "-fx-text-fill: #b00000; -fx-font-weight: bold;");
        failing.setText(LatencyDatasets.failingText(r));
        redrawHistogram();
        redrawDensity();
        phases.setChart(LatencyCharts.phases(LatencyDatasets.phaseMeans(r),
                slowest < 0 ? null : r.deviceName(slowest)));
        if (first) {
            requestLayout();
        }
    }

    private void redrawHistogram() {
        if (result == null) {
            return;
        }
        int[] devs = LatencyDatasets.histogramDevices(result);
        int slowIdx = -1;
        for (int i = 0; i < devs.length; i++) {
            if (devs[i] == slowest) {
                slowIdx = i;
            }
        }
        histogram.setChart(LatencyCharts.histogram(LatencyDatasets.histograms(result), slowIdx,
                logScale.isSelected()));
    }

    private void redrawDensity() {
        if (result == null || densityDevice.getValue() == null) {
            return;
        }
        DeviceChoice c = densityDevice.getValue();
        density.setChart(LatencyCharts.density(LatencyDatasets.density(result, c.id(), shiftNs),
                "Latency over time: " + c.label(), result.overTime().binNs(), c.id() == slowest));
    }

    private void pickAt(ChartMouseEventFX e) {
        JFreeChart ch = density.getChart();
        if (ch == null || result == null || densityDevice.getValue() == null) {
            return;
        }
        XYPlot p = ch.getXYPlot();
        var info = density.getCanvas().getRenderingInfo();
        if (info == null) {
            return;
        }
        var area = info.getPlotInfo().getDataArea();
        double x = p.getDomainAxis().java2DToValue(e.getTrigger().getX(), area, p.getDomainAxisEdge());
        double y = p.getRangeAxis().java2DToValue(e.getTrigger().getY(), area, p.getRangeAxisEdge());
        LatencyOverTime.Cell cell = LatencyDatasets.cellAt(result, densityDevice.getValue().id(), x, y, shiftNs);
        if (cell != null) {
            onPick.accept(RequestPick.of(cell));
        }
    }

    /** The currently shown charts, for PNG export: histogram, density, phases. */
    public JFreeChart[] charts() {
        return new JFreeChart[] {histogram.getChart(), density.getChart(), phases.getChart()};
    }

    public TableView<LatencySummary> table() {
        return table;
    }

    public Label headline() {
        return headline;
    }

    /** "Failing: vdb 300 of 1,200 (25.0 %)", empty when nothing failed. */
    public Label failing() {
        return failing;
    }

    public AnalysisResult result() {
        return result;
    }

}
