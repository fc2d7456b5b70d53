package org.pmdi.viewer.app;

import java.nio.file.Files;
import javafx.application.Application;
import javafx.stage.Stage;
import org.pmdi.viewer.live.AttachSpec;

/**
 * The JavaFX application: one main window, opened on the trace or attached to the stream
 * named on the command line.
 *
 * <pre>{@code
 * Application.launch(ViewerApp.class, "trace.pmdt");     // via Launcher.main
 * }</pre>
 */
public final class ViewerApp extends Application {
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        ViewerArgs args = ViewerArgs.parse(getParameters().getRaw());
        window = new MainWindow();
        stage.setTitle("pmdi viewer");
        stage.setScene(window.scene());
        stage.show();
        if (args.trace() != null) {
            if (!Files.isReadable(args.trace())) {
                window.status().showMessage("Cannot read " + args.trace());
            } else {
                window.controller().open(args.trace());
                if (args.compare() != null) {
                    window.compare(args.trace(), args.compare());
                }
            }
        }
        if (args.attach() != null) {
            window.attach(AttachSpec.parse(args.attach()), args.record());
        }
    }

    @Override
    public void stop() {
        if (window != null) {
            window.compareView().close();
            window.controller().close();
        }
    }
}
