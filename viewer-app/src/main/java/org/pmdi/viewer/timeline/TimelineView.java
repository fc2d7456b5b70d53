package org.pmdi.viewer.timeline;

import javafx.animation.AnimationTimer;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.pmdi.trace.SessionHeader;

/**
 * The request timeline: a canvas with lanes, zoom and pan (wheel, drag, W/A/S/D), hover
 * details and click-to-select.
 *
 * <pre>{@code
 * TimelineView tv = new TimelineView();
 * tv.setModel(model, header);
 * tv.selectedRequestProperty().addListener((o, a, b) -> details.show(b));
 * tv.showRequest(req, fromNs, toNs);
 * }</pre>
 *
 * Redraws at most once per pulse, only when something changed. FX thread only.
 */
public final class TimelineView extends Region {
    private final Canvas canvas = new Canvas(400, 200);
    private final Label hover = new Label();
    private final TimelineRenderer renderer = new TimelineRenderer();
    private final DrawListBuilder builder = new DrawListBuilder();
    private final ObjectProperty<Viewport> viewport = new SimpleObjectProperty<>(Viewport.of(0, 1_000_000, 400));
    private final LongProperty selected = new SimpleLongProperty(0);
    private final LongProperty cursor = new SimpleLongProperty(Long.MIN_VALUE);
    private final FrameStats stats = new FrameStats(4096);
    private TimelineModel model;
    private SessionHeader header;
    private DrawList last;
    private TimelineData lastData;
    private boolean dirty = true;
    private double dragX = Double.NaN;
    private double pressX;
    private boolean follow;
    private boolean pausedFollow;
    private long drawnVersion;
    private Runnable onDrawn = () -> { };
    private DropMarks drops = DropMarks.none();

    public TimelineView() {
        getChildren().addAll(canvas, hover);
        hover.setVisible(false);
        hover.setMouseTransparent(true);
        hover.setPadding(new Insets(3, 6, 3, 6));
        hover.setBackground(new Background(new BackgroundFill(Color.web("#fffbe6"), new CornerRadii(3), null)));
        hover.setStyle("-fx-border-color: #c9b458; -fx-border-radius: 3; -fx-font-size: 11px;");
        setFocusTraversable(true);
        setMinSize(200, 120);
        viewport.addListener((o, a, b) -> markDirty());
        selected.addListener((o, a, b) -> markDirty());
        cursor.addListener((o, a, b) -> markDirty());
        canvas.addEventHandler(ScrollEvent.SCROLL, this::onScroll);
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::onReleased);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, this::onMoved);
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.setVisible(false));
        addEventHandler(KeyEvent.KEY_PRESSED, this::handleKey);
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (dirty || (model != null && model.version() != drawnVersion)) {
                    redrawNow();
                }
            }
        }.start();
    }

    /** Shows {@code m}'s data (header: names of devices; may be null) at full zoom-out. */
    public void setModel(TimelineModel m, SessionHeader h) {
        this.model = m;
        this.header = h;
        this.drops = DropMarks.none();
        selected.set(0);
        zoomToFit();
        requestLayout();
    }

    public TimelineModel model() {
        return model;
    }

    public ObjectProperty<Viewport> viewportProperty() {
        return viewport;
    }

    /** The selected request id, 0 for none. */
    public LongProperty selectedRequestProperty() {
        return selected;
    }

    /** The replay position drawn as a red line (Long.MIN_VALUE: none). */
    public LongProperty playheadProperty() {
        return cursor;
    }

    /** Build and draw times of recent frames. */
    public FrameStats frameStats() {
        return stats;
    }

    /** The draw list of the last frame (for tests), or null before the first. */
    public DrawList lastDrawList() {
        return last;
    }

    public TimelineData lastData() {
        return lastData;
    }

    public Canvas canvas() {
        return canvas;
    }

    /** Keeps the view on the newest data (live). */
    public void setFollow(boolean f) {
        follow = f;
        pausedFollow = false;
    }

    public boolean following() {
        return follow;
    }

    public void markDirty() {
        dirty = true;
    }

    private double plotWidth() {
        return Math.max(1, canvas.getWidth() - TimelineRenderer.LABEL_W);
    }

    public void zoomToFit() {
        long total = model == null ? 1_000_000 : model.durationNs();
        viewport.set(Viewport.of(0, total, plotWidth()));
    }

    /** Zooms by {@code factor} around plot x {@code anchor}. */
    public void zoom(double factor, double anchor) {
        setViewport(viewport.get().zoom(factor, anchor));
    }

    /** Pans; a live view stops following the newest events (End resumes). */
    public void pan(double dxPx) {
        pausedFollow |= follow;
        follow = false;
        setViewport(viewport.get().pan(dxPx));
    }

    public void setViewport(Viewport v) {
        long total = model == null ? v.endNs() : model.durationNs();
        Viewport c = v.withWidth(plotWidth());
        if (c.spanNs() > total * 2) {
            c = c.clamp(total);
        }
        viewport.set(c);
    }

    /** Frames {@code [from, to]} with a margin and selects {@code req}. */
    public void showRequest(long req, long fromNs, long toNs) {
        pausedFollow |= follow;
        follow = false;
        setViewport(Viewport.around(fromNs, Math.max(fromNs + 1000, toNs), 0.25, plotWidth()));
        selected.set(req);
    }

    /** Zooms to the selected request (if it is in the decoded data). */
    public boolean zoomToSelection() {
        WindowRequests.Span s = selectedSpan();
        if (s == null) {
            return false;
        }
        long b = s.done() ? s.end() : Math.max(s.lastSeen(), s.start() + 10_000);
        setViewport(Viewport.around(s.start(), b, 0.15, plotWidth()));
        return true;
    }

    /** The selected request's span in the decoded data, or null. */
    public WindowRequests.Span selectedSpan() {
        if (lastData == null || lastData.spans() == null || selected.get() == 0) {
            return null;
        }
        return lastData.spans().get(selected.get());
    }

    public SessionHeader header() {
        return header;
    }

    /** Builds and draws one frame now (also what the pulse timer calls when dirty). */
    public void redrawNow() {
        dirty = false;
        if (model == null) {
            return;
        }
        long t0 = System.nanoTime();
        drawnVersion = model.version();
        Viewport v = viewport.get();
        if (follow) {
            long end = model.durationNs();
            if (v.endNs() < end || v.endNs() > end + v.spanNs() / 10) {
                v = Viewport.of(end - v.spanNs(), end, v.widthPx());
                viewport.set(v);
                dirty = false;
            }
        }
        TimelineData data = model.dataFor(v, this::markDirty).withSelection(selected.get());
        DrawList d = builder.build(v, data, drops);
        long t1 = System.nanoTime();
        renderer.draw(canvas.getGraphicsContext2D(), v, model.layout(), d, cursor.get());
        long t2 = System.nanoTime();
        stats.add(t1 - t0, t2 - t1);
        last = d;
        lastData = data;
        onDrawn.run();
    }

    /** The NICs' drops to mark when zoomed out (from the latest analysis); redraws. */
    public void setDrops(DropMarks m) {
        drops = m == null ? DropMarks.none() : m;
        markDirty();
    }

    /** Called after each drawn frame (FX thread). */
    public void setOnDrawn(Runnable r) {
        onDrawn = r == null ? () -> { } : r;
    }

    public void setHeader(SessionHeader h) {
        header = h;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        double needed = model == null ? h : Math.max(h, model.layout().height());
        if (canvas.getWidth() != w || canvas.getHeight() != needed) {
            canvas.setWidth(w);
            canvas.setHeight(needed);
            Viewport v = viewport.get();
            viewport.set(v.withWidth(plotWidth()));
            markDirty();
        }
        hover.autosize();
    }

    @Override
    protected double computePrefHeight(double width) {
        return model == null ? 200 : model.layout().height();
    }

    private void onScroll(ScrollEvent e) {
        double x = e.getX() - TimelineRenderer.LABEL_W;
        if (e.isShiftDown() || Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
            double d = e.isShiftDown() ? e.getDeltaY() : e.getDeltaX();
            pan(-d);
        } else if (e.getDeltaY() != 0) {
            zoom(Math.pow(1.0025, e.getDeltaY()), Math.max(0, x));
        }
        e.consume();
    }

    private void onPressed(MouseEvent e) {
        requestFocus();
        dragX = e.getX();
        pressX = e.getX();
    }

    private void onDragged(MouseEvent e) {
        if (!Double.isNaN(dragX)) {
            pan(dragX - e.getX());
            dragX = e.getX();
        }
    }

    private void onReleased(MouseEvent e) {
        dragX = Double.NaN;
        if (e.getButton() == MouseButton.PRIMARY && Math.abs(e.getX() - pressX) < 3 && last != null) {
            long req = last.hit(e.getX() - TimelineRenderer.LABEL_W, e.getY());
            selected.set(req);
        }
    }

    private void onMoved(MouseEvent e) {
        if (last == null || lastData == null) {
            return;
        }
        long req = last.hit(e.getX() - TimelineRenderer.LABEL_W, e.getY());
        String text = null;
        if (req != 0 && lastData.spans() != null && lastData.spans().get(req) != null) {
            text = String.join("\n", RequestText.details(lastData.spans().get(req), header, !lastData.reachesNewest()));
        } else if (last.isSummary() && lastData.index() != null && e.getX() > TimelineRenderer.LABEL_W) {
            text = SummaryText.at(lastData.index(), viewport.get(), model.layout(),
                    e.getX() - TimelineRenderer.LABEL_W, e.getY());
        }
        if (text == null && req == 0 && e.getX() > TimelineRenderer.LABEL_W) {
            Viewport v = viewport.get();
            text = TimeRuler.formatAt(v.ns(e.getX() - TimelineRenderer.LABEL_W), Math.max(1, Math.round(v.nsPerPx())));
            Lane l = model == null ? null : model.layout().laneAt(e.getY());
            if (l != null) {
                text = l.label() + " @ " + text;
            }
        }
        if (text == null) {
            hover.setVisible(false);
            return;
        }
        hover.setText(text);
        hover.autosize();
        double x = Math.min(e.getX() + 14, getWidth() - hover.getWidth() - 4);
        double y = Math.min(e.getY() + 14, getHeight() - hover.getHeight() - 4);
        hover.relocate(Math.max(0, x), Math.max(0, y));
        hover.setVisible(true);
    }

    /**
     * W/S zoom, A/D pan, F zoom to selection (or fit), Esc clears the selection, End follows a
     * live stream again after panning away; consumed when
     * handled. Containers (a scroll pane that takes the focus) forward their key events here.
     */
    public void handleKey(KeyEvent e) {
        KeyCode k = e.getCode();
        double w = plotWidth();
        switch (k) {
            case W -> zoom(1.25, w / 2);
            case S -> zoom(0.8, w / 2);
            case A -> pan(-w * 0.1);
            case D -> pan(w * 0.1);
            case F -> {
                if (!zoomToSelection()) {
                    zoomToFit();
                }
            }
            case ESCAPE -> selected.set(0);
            case END -> {
                if (pausedFollow) {
                    setFollow(true);
                    markDirty();
                }
            }
            default -> {
                return;
            }
        }
        e.consume();
    }
}
