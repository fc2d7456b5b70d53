package org.pmdi.viewer.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.pmdi.viewer.export.PngExport;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Small helpers of the GUI tests: show the main window, wait for a condition on the FX
 * thread, snapshot a node.
 */
public final class GuiTesting {
    private GuiTesting() {
    }

    /** The real main window on {@code stage}, at a size where every view has room, shown. */
    public static MainWindow showMainWindow(Stage stage) {
        MainWindow w = new MainWindow();
        stage.setScene(w.scene());
        stage.setWidth(1400);
        stage.setHeight(900);
        stage.show();
        return w;
    }

    public static void waitFor(String what, long seconds, BooleanSupplier cond) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (fx(cond::getAsBoolean)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
    }

    public static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(20, TimeUnit.SECONDS);
    }

    public static void run(Runnable r) throws Exception {
        fx(() -> {
            r.run();
            return null;
        });
    }

    public static void snapshot(Node n, Path out) throws Exception {
        fx(() -> {
            PngExport.node(n, out);
            return null;
        });
    }
}
