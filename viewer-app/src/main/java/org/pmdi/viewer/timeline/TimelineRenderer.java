package org.pmdi.viewer.timeline;

import java.util.HashMap;
import java.util.Map;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * Draws a {@link DrawList}, the lanes and the time ruler on a canvas's GraphicsContext.
 *
 * <pre>{@code
 * new TimelineRenderer().draw(canvas.getGraphicsContext2D(), viewport, layout, drawList, cursorNs);
 * }</pre>
 *
 * FX thread only (it touches a canvas). Keeps a small colour cache; one instance per canvas.
 */
public final class TimelineRenderer {
    /** Width of the lane-label column on the left. */
    public static final double LABEL_W = 150;
    private static final Color BG = Color.web("#fbfbfc");
    private static final Color LANE_A = Color.web("#f3f4f7");
    private static final Color LANE_B = Color.web("#ffffff");
    private static final Color GRID = Color.web("#e1e3e8");
    private static final Color TEXT = Color.web("#2b2f36");
    private static final Font FONT = Font.font("System", 11);
    private final Map<Integer, Color> colors = new HashMap<>();
    private final Map<String, Double> widths = new HashMap<>();

    private Color color(int argb) {
        return colors.computeIfAbsent(argb, c -> Color.rgb((c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff,
                ((c >>> 24) & 0xff) / 255.0));
    }

    /**
     * Draws a frame. The viewport's width is the plot width; the canvas is LABEL_W wider.
     *
     * @param cursorNs replay position to mark, or Long.MIN_VALUE for none
     */
    public void draw(GraphicsContext g, Viewport v, LaneLayout lay, DrawList d, long cursorNs) {
        double w = v.widthPx();
        double h = g.getCanvas().getHeight();
        // clearing the whole canvas lets JavaFX drop the commands of frames not rendered yet
        g.clearRect(0, 0, g.getCanvas().getWidth(), h);
        g.setFill(BG);
        g.fillRect(0, 0, w + LABEL_W, h);
        int i = 0;
        for (Lane l : lay.lanes()) {
            g.setFill(i++ % 2 == 0 ? LANE_A : LANE_B);
            g.fillRect(LABEL_W, l.y(), w, l.height());
        }
        g.save();
        g.beginPath();
        g.rect(LABEL_W, 0, w, h);
        g.clip();
        g.translate(LABEL_W, 0);
        // grid lines at the ruler's ticks
        g.setStroke(GRID);
        g.setLineWidth(1);
        for (TimeRuler.Tick t : TimeRuler.ticks(v, 90)) {
            double x = Math.round(t.x()) + 0.5;
            g.strokeLine(x, LaneLayout.RULER, x, h);
        }
        int n = d.size();
        for (int k = 0; k < n; k++) {
            byte kind = d.kind(k);
            if (kind == DrawList.ARROW || kind == DrawList.OUTLINE || kind == DrawList.FAILED) {
                continue;
            }
            g.setFill(color(d.argb(k)));
            g.fillRect(d.x(k), d.y(k), Math.max(1, d.w(k)), d.h(k));
        }
        g.setLineWidth(1);
        for (int k = 0; k < n; k++) {
            if (d.kind(k) == DrawList.ARROW) {
                arrow(g, d.x(k), d.y(k), d.w(k), d.h(k), color(d.argb(k)).darker());
            }
        }
        for (int k = 0; k < n; k++) {
            if (d.kind(k) == DrawList.FAILED) {
                failed(g, d.x(k), d.y(k), d.w(k), d.h(k), color(d.argb(k)));
            }
        }
        for (int k = 0; k < n; k++) {
            if (d.kind(k) == DrawList.OUTLINE) {
                g.setStroke(Color.BLACK);
                g.setLineWidth(2);
                g.strokeRect(d.x(k), d.y(k), d.w(k), d.h(k));
            }
        }
        if (cursorNs != Long.MIN_VALUE) {
            double x = v.x(cursorNs);
            if (x >= 0 && x <= w) {
                g.setStroke(Color.web("#d62828"));
                g.setLineWidth(1.5);
                g.strokeLine(x, 0, x, h);
            }
        }
        g.restore();
        ruler(g, v);
        labels(g, lay, d.isSummary());
        if (d.isSummary()) {
            g.setFill(TEXT);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("Overview from per-bucket summaries: per device, bar "
                    + "height = completed requests per pixel column (log), colour = their maximum latency "
                    + "(blue ≤ 10 µs … red ≥ 10 ms).",
                    LABEL_W + 6, lay.height() + 12);
            g.fillText("Grey = events of all trace rings; red on the ruler = lost events; red bars = outstanding "
                    + "requests; red ticks across a NIC = dropped frames. Zoom in (W, wheel) for single requests; "
                    + "hover for numbers.", LABEL_W + 6, lay.height() + 28);
        } else {
            legend(g, lay.height() + 12, w);
        }
    }

    /** What each colour of a request means, in the analysis's phase words (wraps to fit). */
    private void legend(GraphicsContext g, double y, double width) {
        g.setFont(FONT);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        double x = LABEL_W + 6;
        for (PhaseColors.Entry e : PhaseColors.legend()) {
            double w = 22 + textWidth(e.words()) + 16;
            if (x + w > LABEL_W + width && x > LABEL_W + 6) {
                x = LABEL_W + 6;
                y += 16;
            }
            if (e.argb() == PhaseColors.FAILED) {
                failed(g, x, y - 5, 18, 10, color(e.argb()));
            } else {
                g.setFill(color(e.argb()));
                g.fillRect(x, y - 5, 18, 10);
            }
            g.setFill(TEXT);
            g.fillText(e.words(), x + 22, y);
            x += w;
        }
    }

    private double textWidth(String s) {
        return widths.computeIfAbsent(s, k -> {
            Text t = new Text(k);
            t.setFont(FONT);
            return t.getLayoutBounds().getWidth();
        });
    }

    /** A failed request: a thick outline in its colour and a hatch over its left end. */
    private static void failed(GraphicsContext g, double x, double y, double w, double h, Color c) {
        g.setStroke(c);
        g.setLineWidth(2);
        g.strokeRect(x, y, Math.max(2, w), h);
        g.setLineWidth(1);
        for (double k = 0; k < Math.min(w, 3 * h); k += 4) {
            g.strokeLine(x + k, y + h, x + Math.min(k + h, w), y);
        }
    }

    private static void arrow(GraphicsContext g, double x0, double y0, double x1, double y1, Color c) {
        g.setStroke(c);
        g.strokeLine(x0, y0, x1, y1);
        double a = Math.atan2(y1 - y0, x1 - x0);
        double s = 5;
        g.setFill(c);
        g.fillPolygon(new double[] {x1, x1 - s * Math.cos(a - 0.4), x1 - s * Math.cos(a + 0.4)},
                new double[] {y1, y1 - s * Math.sin(a - 0.4), y1 - s * Math.sin(a + 0.4)}, 3);
    }

    private static void ruler(GraphicsContext g, Viewport v) {
        g.setFill(Color.web("#e9ebef"));
        g.fillRect(LABEL_W, 0, v.widthPx(), LaneLayout.RULER - 6);
        g.setFont(FONT);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        for (TimeRuler.Tick t : TimeRuler.ticks(v, 90)) {
            double x = LABEL_W + Math.round(t.x()) + 0.5;
            g.setStroke(TEXT);
            g.strokeLine(x, LaneLayout.RULER - 12, x, LaneLayout.RULER - 6);
            g.setFill(TEXT);
            g.fillText(t.label(), x + 3, (LaneLayout.RULER - 6) / 2);
        }
    }

    private static void labels(GraphicsContext g, LaneLayout lay, boolean summary) {
        g.setFill(Color.web("#eceef2"));
        g.fillRect(0, 0, LABEL_W, g.getCanvas().getHeight());
        g.setFont(FONT);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(TEXT);
        g.fillText(summary ? "overview (summaries)" : "detail", 6, (LaneLayout.RULER - 6) / 2);
        for (Lane l : lay.lanes()) {
            g.setFill(TEXT);
            g.fillText(l.label(), 6, l.centerY());
            g.setStroke(GRID);
            g.strokeLine(0, l.y() + l.height() - 0.5, LABEL_W, l.y() + l.height() - 0.5);
        }
    }
}
