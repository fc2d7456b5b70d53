package org.pmdi.viewer.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javafx.scene.Node;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/**
 * Saves what is on screen as PNG: any node (the timeline canvas, a whole view) through a
 * JavaFX snapshot, without javafx-swing; a JFreeChart at a given size through its own
 * renderer.
 *
 * <pre>{@code
 * PngExport.node(timeline.canvas(), Path.of("timeline.png"));     // FX thread
 * PngExport.chart(chart, 1200, 700, Path.of("latency.png"));      // any thread
 * }</pre>
 */
public final class PngExport {
    private PngExport() {
    }

    /** Snapshots {@code node} (FX thread) and writes it to {@code out}. */
    public static void node(Node node, Path out) throws IOException {
        WritableImage img = node.snapshot(null, null);
        write(img, out);
    }

    /** Writes a JavaFX image as PNG. */
    public static void write(WritableImage img, Path out) throws IOException {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader r = img.getPixelReader();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
            b.setRGB(0, y, w, 1, row, 0, w);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(b, "png", out.toFile());
    }

    /** Renders {@code chart} at {@code w}×{@code h} px to {@code out}. */
    public static void chart(JFreeChart chart, int w, int h, Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(out.toFile(), chart, w, h);
    }
}
