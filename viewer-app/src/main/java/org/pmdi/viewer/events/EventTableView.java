package org.pmdi.viewer.events;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.pmdi.trace.Device;
import org.pmdi.trace.EventType;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Source;
import org.pmdi.viewer.data.EventColumns;
import org.pmdi.viewer.timeline.RequestText;
import org.pmdi.viewer.timeline.TimeRuler;
import org.pmdi.viewer.timeline.WindowRequests;

/**
 * The event table of the timeline's decoded window, with filters (device, type, request id,
 * text). Double-clicking a row with a request selects it on the timeline.
 *
 * <pre>{@code
 * EventTableView t = new EventTableView(req -> timeline.selectedRequestProperty().set(req));
 * t.show(events, spans, header);
 * }</pre>
 *
 * Shows at most {@link #MAX_ROWS} rows. FX thread only.
 */
public final class EventTableView extends BorderPane {
    public static final int MAX_ROWS = 200_000;
    private final TableView<Integer> table = new TableView<>();
    private final ComboBox<Choice> device = new ComboBox<>();
    private final ComboBox<Choice> type = new ComboBox<>();
    private final TextField req = new TextField();
    private final TextField text = new TextField();
    private final Label count = new Label();
    private EventColumns events = EventColumns.empty();
    private WindowRequests spans;
    private SessionHeader header;

    /** A choice in a filter box. */
    public record Choice(int id, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    public EventTableView(LongConsumer onSelectRequest) {
        req.setPromptText("request id");
        req.setPrefColumnCount(8);
        text.setPromptText("text");
        List<Choice> types = new ArrayList<>();
        types.add(new Choice(0, "all types"));
        for (EventType t : EventType.values()) {
            types.add(new Choice(t.id(), t.name()));
        }
        type.setItems(FXCollections.observableArrayList(types));
        type.setValue(types.get(0));
        device.setOnAction(e -> refilter());
        type.setOnAction(e -> refilter());
        req.setOnAction(e -> refilter());
        text.textProperty().addListener((o, a, b) -> refilter());
        req.textProperty().addListener((o, a, b) -> refilter());
        HBox bar = new HBox(8, new Label("Filter:"), device, type, req, text, count);
        bar.setPadding(new Insets(4, 8, 4, 8));
        setTop(bar);
        table.getColumns().add(col("time", i -> TimeRuler.formatAt(events.ns(i), 1), 120));
        table.getColumns().add(col("ring", i -> ringName(events.source(i)), 110));
        table.getColumns().add(col("type", i -> {
            EventType t = EventType.byId(events.type(i));
            return t == null ? "type " + events.type(i) : t.name();
        }, 140));
        table.getColumns().add(col("request", i -> events.req(i) == 0 ? "" : Long.toString(events.req(i)), 90));
        table.getColumns().add(col("device", i -> {
            WindowRequests.Span s = spans == null || events.req(i) == 0 ? null : spans.get(events.req(i));
            return s == null || s.dev() < 0 ? "" : RequestText.deviceName(header, s.dev());
        }, 80));
        table.getColumns().add(col("details", i -> {
            String line = RequestText.eventLine(events, i, header);
            int k = line.indexOf(EventType.byId(events.type(i)) == null ? "type" : EventType.byId(events.type(i))
                    .name());
            return k < 0 ? line : line.substring(k + (EventType.byId(events.type(i)) == null ? 4
                    : EventType.byId(events.type(i)).name().length())).trim();
        }, 420));
        table.setRowFactory(tv -> {
            var row = new javafx.scene.control.TableRow<Integer>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && row.getItem() != null && events.req(row.getItem()) != 0) {
                    onSelectRequest.accept(events.req(row.getItem()));
                }
            });
            return row;
        });
        table.setPlaceholder(new Label("No events in the decoded window (zoom in on the timeline)."));
        setCenter(table);
    }

    private String ringName(int source) {
        Source s = header == null ? null : header.source(source);
        if (s == null) {
            return "src " + source;
        }
        return s.side() == 0 ? "AP cpu " + s.cpu() : "Linux cpu " + s.cpu();
    }

    private static TableColumn<Integer, String> col(String name, java.util.function.IntFunction<String> f, double w) {
        TableColumn<Integer, String> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        c.setPrefWidth(w);
        c.setSortable(false);
        return c;
    }

    /** Shows these events (the timeline's window). */
    public void show(EventColumns ev, WindowRequests sp, SessionHeader h) {
        if (ev == events && sp == spans) {
            return;
        }
        this.events = ev == null ? EventColumns.empty() : ev;
        this.spans = sp;
        if (h != header) {
            header = h;
            Choice keep = device.getValue();
            List<Choice> ds = new ArrayList<>();
            ds.add(new Choice(-1, "all devices"));
            if (h != null) {
                for (Device d : h.devices()) {
                    ds.add(new Choice(d.id(), d.name()));
                }
            }
            device.setItems(FXCollections.observableArrayList(ds));
            device.setValue(ds.stream().filter(c -> keep != null && c.id() == keep.id()).findFirst()
                    .orElse(ds.get(0)));
        }
        refilter();
    }

    /** The filter as set in the controls. */
    public EventFilter filter() {
        long r = 0;
        try {
            r = req.getText().isBlank() ? 0 : Long.parseLong(req.getText().trim());
        } catch (NumberFormatException e) {
            r = -1;
        }
        return new EventFilter(device.getValue() == null ? -1 : device.getValue().id(),
                type.getValue() == null ? 0 : type.getValue().id(), r, text.getText());
    }

    private void refilter() {
        int[] rows = filter().apply(events, spans, header, MAX_ROWS);
        List<Integer> items = new ArrayList<>(rows.length);
        for (int i : rows) {
            items.add(i);
        }
        table.setItems(FXCollections.observableArrayList(items));
        count.setText(String.format("%,d of %,d events%s", rows.length, events.size(),
                rows.length >= MAX_ROWS ? " (first " + MAX_ROWS + ")" : ""));
    }

    public TableView<Integer> table() {
        return table;
    }

    public TextField textField() {
        return text;
    }

    public TextField reqField() {
        return req;
    }

    public ComboBox<Choice> deviceBox() {
        return device;
    }

    public ComboBox<Choice> typeBox() {
        return type;
    }
}
