package org.pmdi.viewer.app;

import javafx.animation.AnimationTimer;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.pmdi.viewer.timeline.TimeRuler;
import org.pmdi.viewer.timeline.TimelineView;
import org.pmdi.viewer.timeline.Viewport;

/**
 * Replay controls of a saved trace: play/pause, speed, and a seek slider. While playing, the
 * timeline's playhead moves and the view follows it (the playhead stays at 80 % of the width).
 *
 * <pre>{@code
 * ReplayBar bar = new ReplayBar(timelineView);
 * bar.reset(durationNs);
 * }</pre>
 *
 * FX thread only.
 */
public final class ReplayBar extends HBox {
    private static final double[] SPEEDS = {0.0001, 0.001, 0.01, 0.1, 1, 10};
    private final TimelineView timeline;
    private final Button play = new Button("▶ Play");
    private final ComboBox<String> speed = new ComboBox<>();
    private final Slider seek = new Slider(0, 1, 0);
    private final Label position = new Label("0 ns");
    private ReplayClock clock = ReplayClock.at(0, 0);
    private long lastNanos;
    private boolean updating;

    public ReplayBar(TimelineView timeline) {
        super(8);
        this.timeline = timeline;
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(2, 8, 2, 8));
        for (double s : SPEEDS) {
            speed.getItems().add(label(s));
        }
        speed.setItems(FXCollections.observableArrayList(speed.getItems()));
        speed.setValue(label(0.001));
        speed.setOnAction(e -> clock = clock.withSpeed(parse(speed.getValue())));
        play.setOnAction(e -> setPlaying(!clock.playing()));
        play.setId("replay-play");
        seek.setId("replay-seek");
        HBox.setHgrow(seek, Priority.ALWAYS);
        seek.valueProperty().addListener((o, a, b) -> {
            if (!updating) {
                seekTo((long) (b.doubleValue() * clock.durationNs()));
            }
        });
        position.setMinWidth(90);
        getChildren().addAll(play, new Label("speed"), speed, seek, position);
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (clock.playing()) {
                    long dt = lastNanos == 0 ? 0 : Math.min(100_000_000L, now - lastNanos);
                    lastNanos = now;
                    clock = clock.advance(dt);
                    show(true);
                    if (!clock.playing()) {
                        play.setText("▶ Play");
                    }
                } else {
                    lastNanos = 0;
                }
            }
        }.start();
        setDisable(true);
    }

    private static String label(double s) {
        return (s >= 1 ? String.format("%.0f", s) : String.valueOf(s)) + "×";
    }

    private static double parse(String s) {
        return Double.parseDouble(s.replace("×", ""));
    }

    /** A new trace of {@code durationNs}: playhead at 0, paused. */
    public void reset(long durationNs) {
        clock = ReplayClock.at(0, durationNs).withSpeed(parse(speed.getValue()));
        play.setText("▶ Play");
        setDisable(durationNs <= 0);
        show(false);
    }

    public void setPlaying(boolean p) {
        clock = clock.playing(p);
        play.setText(clock.playing() ? "⏸ Pause" : "▶ Play");
        lastNanos = 0;
        show(true);
    }

    public void seekTo(long ns) {
        clock = clock.seek(ns);
        show(true);
    }

    public ReplayClock clock() {
        return clock;
    }

    private void show(boolean follow) {
        long pos = clock.positionNs();
        timeline.playheadProperty().set(pos);
        updating = true;
        seek.setValue(clock.durationNs() == 0 ? 0 : (double) pos / clock.durationNs());
        updating = false;
        position.setText(TimeRuler.format(pos));
        Viewport v = timeline.viewportProperty().get();
        if (follow && (pos < v.startNs() || pos > v.endNs() - v.spanNs() / 5)) {
            long s = pos - (long) (v.spanNs() * 0.8);
            timeline.setViewport(Viewport.of(s, s + v.spanNs(), v.widthPx()));
        }
    }
}
