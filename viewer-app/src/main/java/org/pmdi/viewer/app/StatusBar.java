package org.pmdi.viewer.app;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.pmdi.bridge.BridgeStats;

/**
 * The always-visible status line: the source (file or live connection and its state),
 * bytes, event rate, lost and corrupt counts, the recording file, and the last frame time.
 *
 * <pre>{@code
 * bar.showLive(spec, stats, eventsPerSecond, recording);
 * }</pre>
 */
public final class StatusBar extends HBox {
    private final Label source = new Label("No trace. File ▸ Open, drop a .pmdt here, or File ▸ Attach live.");
    private final Label counts = new Label();
    private final Label loss = new Label();
    private final Label frame = new Label();

    public StatusBar() {
        super(16);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        getChildren().addAll(source, counts, loss, grow, frame);
        setPadding(new Insets(3, 8, 3, 8));
        setStyle("-fx-background-color: #e9ebef; -fx-border-color: #c8ccd4; -fx-border-width: 1 0 0 0;");
        source.setId("status-source");
        counts.setId("status-counts");
        loss.setId("status-loss");
    }

    public void showFile(String name, long bytes, long events, long lost, long corrupt) {
        source.setText("File " + name);
        counts.setText(String.format("%,d bytes · %,d events", bytes, events));
        showLoss(lost, corrupt);
    }

    public void showLive(String what, BridgeStats s, double eventsPerSecond, String recording) {
        source.setText("Live " + what + " · " + s.state().name().toLowerCase(java.util.Locale.ROOT)
                + (s.lastError() != null && !"connected".equalsIgnoreCase(s.state().name()) ? " (" + s.lastError() + ")"
                        : ""));
        counts.setText(String.format("%,d bytes · %,d events · %,.0f ev/s · recording %s", s.bytes(), s.events(),
                eventsPerSecond, recording == null ? "off" : recording));
        showLoss(s.lost(), s.corrupt());
    }

    private void showLoss(long lost, long corrupt) {
        loss.setText(String.format("lost %,d · corrupt %,d", lost, corrupt));
        loss.setStyle(lost > 0 || corrupt > 0 ? "-fx-text-fill: #b00000; -fx-font-weight: bold;" : "");
    }

    public void showMessage(String text) {
        source.setText(text);
    }

    public void showFrame(long nanos) {
        frame.setText(String.format("frame %.1f ms", nanos / 1e6));
    }

    public Label source() {
        return source;
    }

    public Label loss() {
        return loss;
    }

    public Label counts() {
        return counts;
    }
}
