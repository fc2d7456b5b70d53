package org.pmdi.viewer.stuck;

import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import org.pmdi.viewer.data.AnalysisResult;
import org.pmdi.viewer.timeline.TimeRuler;

/**
 * Stuck requests and the analysis's other findings, live-updating; clicking a row shows it on
 * the timeline, and its evidence below.
 *
 * <pre>{@code
 * FindingsView f = new FindingsView(row -> timeline.showRequest(row.req(), row.fromNs(), row.toNs()));
 * f.show(result);
 * }</pre>
 *
 * FX thread only.
 */
public final class FindingsView extends BorderPane {
    private final TableView<FindingRow> table = new TableView<>();
    private final TextArea evidence = new TextArea();
    private final Label headline = new Label("No trace analysed yet.");

    public FindingsView(Consumer<FindingRow> onShow) {
        table.getColumns().add(col("kind", FindingRow::kind, 110));
        table.getColumns().add(col("device", FindingRow::device, 130));
        table.getColumns().add(col("request", r -> r.req() < 0 ? "" : Long.toString(r.req()), 90));
        table.getColumns().add(col("age", r -> r.ageNs() < 0 ? "" : TimeRuler.format(r.ageNs()), 80));
        table.getColumns().add(col("stopped in", FindingRow::where, 170));
        table.getColumns().add(col("diagnosis", FindingRow::diagnosis, 520));
        table.setRowFactory(tv -> {
            TableRow<FindingRow> row = new TableRow<>() {
                @Override
                protected void updateItem(FindingRow r, boolean empty) {
                    super.updateItem(r, empty);
                    tint(this);
                }
            };
            row.selectedProperty().addListener((o, a, b) -> tint(row));
            row.setOnMouseClicked(e -> {
                FindingRow r = row.getItem();
                if (r == null) {
                    return;
                }
                evidence.setText(r.diagnosis() + "\n" + String.join("\n", r.evidence()));
                if (r.onTimeline()) {
                    onShow.accept(r);
                }
            });
            return row;
        });
        table.setPlaceholder(new Label("No findings."));
        evidence.setEditable(false);
        evidence.setPrefRowCount(4);
        SplitPane sp = new SplitPane(table, evidence);
        sp.setOrientation(javafx.geometry.Orientation.VERTICAL);
        sp.setDividerPositions(0.75);
        headline.setPadding(new Insets(4, 8, 4, 8));
        setTop(headline);
        setCenter(sp);
    }

    /** Errors pink, warnings yellow; the selection keeps the platform's highlight. */
    private static void tint(TableRow<FindingRow> row) {
        FindingRow r = row.getItem();
        row.setStyle(row.isEmpty() || r == null || row.isSelected() ? "" : "error".equals(r.severity())
                ? "-fx-background-color: #fde2e2;" : "warning".equals(r.severity())
                        ? "-fx-background-color: #fff3cd;" : "");
    }

    private static TableColumn<FindingRow, String> col(String name, java.util.function.Function<FindingRow, String> f,
            double w) {
        TableColumn<FindingRow, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setPrefWidth(w);
        return c;
    }

    public void show(AnalysisResult r) {
        FindingRow sel = table.getSelectionModel().getSelectedItem();
        var rows = FindingRow.of(r);
        table.setItems(FXCollections.observableArrayList(rows));
        if (sel != null) {
            rows.stream().filter(x -> x.req() == sel.req() && x.kind().equals(sel.kind())).findFirst()
                    .ifPresent(x -> table.getSelectionModel().select(x));
        }
        long stuck = rows.stream().filter(x -> x.kind().equals("stuck request")).count();
        long unsure = rows.stream().filter(x -> x.kind().equals(FindingRow.CANNOT_TELL)).count();
        long other = rows.size() - stuck - unsure;
        headline.setText(stuck + " stuck request" + (stuck == 1 ? "" : "s")
                + (unsure == 0 ? "" : ", " + unsure + " outstanding that events lost may hide (cannot tell)") + ", "
                + other + " other finding" + (other == 1 ? "" : "s"));
        headline.setStyle(stuck > 0 ? "-fx-text-fill: #b00000; -fx-font-weight: bold;" : "");
    }

    public TableView<FindingRow> table() {
        return table;
    }

    public Label headline() {
        return headline;
    }
}
