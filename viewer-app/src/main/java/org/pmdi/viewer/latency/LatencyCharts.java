package org.pmdi.viewer.latency;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.pmdi.analysis.request.Phase;
import org.pmdi.viewer.timeline.PhaseColors;
import org.pmdi.viewer.timeline.TimeRuler;

/**
 * The latency charts (the chart step of dataset → chart → view). The slowest device is drawn
 * in strong red, the others in muted colours, so it stands out at a glance.
 *
 * <pre>{@code
 * JFreeChart h = LatencyCharts.histogram(LatencyDatasets.histograms(r), slowIndex, true);
 * }</pre>
 */
public final class LatencyCharts {
    public static final Color SLOW = new Color(0xD62828);
    private static final Color[] MUTED = {new Color(0x4C78A8), new Color(0x72B7B2), new Color(0x9D755D),
        new Color(0xB279A2), new Color(0x54A24B), new Color(0xBAB0AC)};
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);

    private LatencyCharts() {
    }

    /** Nanosecond axis with real units. */
    private static LogAxis nsAxis(String label) {
        LogAxis a = new LogAxis(label);
        a.setBase(10);
        a.setSmallestValue(10);
        a.setNumberFormatOverride(new NsFormat());
        a.setTickUnit(new NumberTickUnit(1), false, false);
        a.setAutoTickUnitSelection(false);
        return a;
    }

    /**
     * Per-device histograms of total latency, overlaid.
     *
     * @param slowSeries index of the slowest device's series, or -1
     * @param logCounts  log scale for the counts
     */
    public static JFreeChart histogram(XYIntervalSeriesCollection data, int slowSeries, boolean logCounts) {
        JFreeChart c = ChartFactory.createXYBarChart("Latency per device (REQ_POST → REQ_DONE)", "latency", false,
                "requests", data, PlotOrientation.VERTICAL, true, true, false);
        c.getTitle().setFont(TITLE);
        XYPlot p = c.getXYPlot();
        p.setDomainAxis(nsAxis("latency"));
        if (logCounts) {
            LogAxis y = new LogAxis("requests (log)");
            y.setSmallestValue(0.8);
            y.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
            p.setRangeAxis(y);
        } else {
            ((NumberAxis) p.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        XYBarRenderer r = new XYBarRenderer();
        r.setShadowVisible(false);
        r.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        r.setUseYInterval(false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            boolean slow = i == slowSeries;
            Color col = slow ? SLOW : MUTED[i % MUTED.length];
            r.setSeriesPaint(i, new Color(col.getRed(), col.getGreen(), col.getBlue(), slow ? 220 : 140));
        }
        p.setRenderer(r);
        style(p);
        return c;
    }

    /** Latency over time as a density (one block per time bin × latency bin, coloured by count). */
    public static JFreeChart density(DefaultXYZDataset data, String title, long binNs, boolean slow) {
        NumberAxis x = new NumberAxis("time (ms)");
        x.setAutoRangeIncludesZero(false);
        LogAxis y = nsAxis("latency");
        XYBlockRenderer r = new XYBlockRenderer();
        r.setBlockWidth(binNs / 1e6);
        r.setBlockAnchor(org.jfree.chart.ui.RectangleAnchor.BOTTOM_LEFT);
        r.setBlockHeight(1);
        double max = 1;
        for (int i = 0; i < data.getItemCount(0); i++) {
            max = Math.max(max, data.getZValue(0, i));
        }
        LookupPaintScale scale = new LookupPaintScale(0, Math.max(2, max + 1), Color.WHITE);
        Color hot = slow ? SLOW : new Color(0x1D4E89);
        int steps = 12;
        for (int k = 0; k < steps; k++) {
            double v = Math.pow(max, (double) k / steps);
            float f = 0.15f + 0.85f * k / (steps - 1);
            scale.add(k == 0 ? 0.5 : v, blend(new Color(0xDCE6F2), hot, f));
        }
        r.setPaintScale(scale);
        XYPlot p = new XYPlot(data, x, y, new LogBlockRenderer(r));
        style(p);
        JFreeChart c = new JFreeChart(title, TITLE, p, false);
        PaintScaleLegend legend = new PaintScaleLegend(scale, new NumberAxis("requests"));
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 4, 4);
        legend.setStripWidth(10);
        c.addSubtitle(legend);
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }

    /** Formats axis values (ns) in real units; DecimalFormat subclasses are bypassed by its fast path. */
    private static final class NsFormat extends java.text.NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double n, StringBuffer b, java.text.FieldPosition p) {
            return b.append(TimeRuler.format(Math.round(n)));
        }

        @Override
        public StringBuffer format(long n, StringBuffer b, java.text.FieldPosition p) {
            return b.append(TimeRuler.format(n));
        }

        @Override
        public Number parse(String s, java.text.ParsePosition p) {
            return null;
        }
    }

    private static Color blend(Color a, Color b, float f) {
        return new Color((int) (a.getRed() + (b.getRed() - a.getRed()) * f),
                (int) (a.getGreen() + (b.getGreen() - a.getGreen()) * f),
                (int) (a.getBlue() + (b.getBlue() - a.getBlue()) * f));
    }

    /** Mean time per phase per device, stacked. */
    public static JFreeChart phases(DefaultCategoryDataset data, String slowColumn) {
        JFreeChart c = ChartFactory.createStackedBarChart("Mean time per phase", "device", "µs", data,
                PlotOrientation.HORIZONTAL, true, true, false);
        c.getTitle().setFont(TITLE);
        var p = c.getCategoryPlot();
        StackedBarRenderer r = (StackedBarRenderer) p.getRenderer();
        r.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        r.setShadowVisible(false);
        // the timeline's colour of each phase (rows are keyed by the phase's words)
        for (int i = 0; i < data.getRowCount(); i++) {
            for (Phase ph : Phase.values()) {
                if (ph.label().equals(data.getRowKey(i))) {
                    r.setSeriesPaint(i, new Color(PhaseColors.of(ph) & 0xFFFFFF));
                }
            }
        }
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(new Color(0xDDDDDD));
        if (slowColumn != null) {
            p.getDomainAxis().setTickLabelPaint(slowColumn, SLOW);
            p.getDomainAxis().setTickLabelFont(slowColumn, new Font(Font.SANS_SERIF, Font.BOLD, 12));
        }
        ((NumberAxis) p.getRangeAxis()).setTickUnit(new NumberTickUnit(500), false, false);
        ((NumberAxis) p.getRangeAxis()).setAutoTickUnitSelection(true);
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }

    private static void style(XYPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(new Color(0xDDDDDD));
        p.setRangeGridlinePaint(new Color(0xDDDDDD));
        p.setDomainGridlineStroke(new BasicStroke(1));
        p.setRangeGridlineStroke(new BasicStroke(1));
    }

    /**
     * A block renderer whose block height is a factor on a log axis: each latency bin spans
     * [y, y·2^(1/SUB)).
     */
    private static final class LogBlockRenderer extends XYBlockRenderer {
        private static final long serialVersionUID = 1L;

        LogBlockRenderer(XYBlockRenderer like) {
            setPaintScale(like.getPaintScale());
            setBlockWidth(like.getBlockWidth());
            setBlockAnchor(org.jfree.chart.ui.RectangleAnchor.BOTTOM_LEFT);
        }

        @Override
        public void drawItem(java.awt.Graphics2D g2, org.jfree.chart.renderer.xy.XYItemRendererState state,
                java.awt.geom.Rectangle2D dataArea, org.jfree.chart.plot.PlotRenderingInfo info, XYPlot plot,
                org.jfree.chart.axis.ValueAxis domainAxis, org.jfree.chart.axis.ValueAxis rangeAxis,
                org.jfree.data.xy.XYDataset dataset, int series, int item,
                org.jfree.chart.plot.CrosshairState crosshairState, int pass) {
            double x = dataset.getXValue(series, item);
            double y = dataset.getYValue(series, item);
            double z = ((org.jfree.data.xy.XYZDataset) dataset).getZValue(series, item);
            java.awt.Paint paint = getPaintScale().getPaint(z);
            double x0 = domainAxis.valueToJava2D(x, dataArea, plot.getDomainAxisEdge());
            double x1 = domainAxis.valueToJava2D(x + getBlockWidth(), dataArea, plot.getDomainAxisEdge());
            double y0 = rangeAxis.valueToJava2D(y, dataArea, plot.getRangeAxisEdge());
            double y1 = rangeAxis.valueToJava2D(y * Math.pow(2, 1.0 / LatencyOverTime.SUB), dataArea,
                    plot.getRangeAxisEdge());
            java.awt.geom.Rectangle2D block = new java.awt.geom.Rectangle2D.Double(Math.min(x0, x1),
                    Math.min(y0, y1), Math.max(1, Math.abs(x1 - x0)), Math.max(1, Math.abs(y1 - y0)));
            g2.setPaint(paint);
            g2.fill(block);
        }

        @Override
        public org.jfree.data.Range findRangeBounds(org.jfree.data.xy.XYDataset dataset) {
            org.jfree.data.Range r = org.jfree.data.general.DatasetUtils.findRangeBounds(dataset, false);
            return r == null ? null : new org.jfree.data.Range(r.getLowerBound(), r.getUpperBound() * 1.25);
        }
    }
}
