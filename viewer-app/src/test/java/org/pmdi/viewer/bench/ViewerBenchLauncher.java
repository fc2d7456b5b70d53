package org.pmdi.viewer.bench;

import javafx.application.Application;

/** Main class of the viewer benchmark (a plain class, so that JavaFX starts from the classpath). */
public final class ViewerBenchLauncher {
    private ViewerBenchLauncher() {
    }

    /** Usage: ViewerBenchLauncher TRACE.pmdt. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ViewerBenchLauncher TRACE.pmdt");
            System.exit(2);
        }
        Application.launch(ViewerBench.class, args);
    }
}
