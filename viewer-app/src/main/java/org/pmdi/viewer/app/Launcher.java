package org.pmdi.viewer.app;

import java.util.List;
import javafx.application.Application;

/**
 * The viewer's main class. A plain class (not the Application subclass), so that JavaFX
 * starts from the classpath without "JavaFX runtime components are missing".
 *
 * <pre>{@code
 * java -cp ... org.pmdi.viewer.app.Launcher [TRACE [--compare NEW]] [--attach SPEC] [--record FILE]
 * }</pre>
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        try {
            ViewerArgs.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        Application.launch(ViewerApp.class, args);
    }
}
