package org.pmdi.viewer.live;

import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;

/**
 * Asks where to attach: a serial port (picked from the list, pseudo-terminals included, or
 * typed as a path) with its baud rate, a TCP host:port, or the board's debugfs stream.
 *
 * <pre>{@code
 * new AttachDialog(buildDir).showAndWait().ifPresent(spec -> session = LiveSession.start(spec, file));
 * }</pre>
 */
public final class AttachDialog extends Dialog<AttachSpec> {
    public AttachDialog(Path buildDir) {
        setTitle("Attach live");
        setHeaderText("Read a trace stream from a running board (the session is recorded to a file)");
        ToggleGroup g = new ToggleGroup();
        RadioButton serial = new RadioButton("Serial port");
        RadioButton tcp = new RadioButton("TCP");
        RadioButton debugfs = new RadioButton("Board debugfs stream");
        serial.setToggleGroup(g);
        tcp.setToggleGroup(g);
        debugfs.setToggleGroup(g);
        serial.setSelected(true);
        ComboBox<String> port = new ComboBox<>();
        port.setEditable(true);
        port.getItems().setAll(PortCatalog.list(buildDir));
        port.setPromptText("/dev/ttyUSB0 or /dev/pts/N");
        // a running board's trace pty link first
        port.getItems().stream().filter(p -> p.endsWith("trace.pty")).findFirst().ifPresent(port::setValue);
        port.setPrefWidth(280);
        ComboBox<Integer> baud = new ComboBox<>();
        baud.getItems().setAll(9600, 57600, 115200, 230400, 460800, 921600, 1500000, 3000000);
        baud.setEditable(false);
        baud.setValue(115200);
        TextField hostPort = new TextField("127.0.0.1:4555");
        TextField dbg = new TextField(PortCatalog.debugfsHint(buildDir));
        dbg.setPromptText("host:port of the forwarded stream, or a FIFO/file path");
        GridPane p = new GridPane();
        p.setHgap(8);
        p.setVgap(8);
        p.setPadding(new Insets(10));
        p.addRow(0, serial, port, new Label("baud"), baud);
        p.addRow(1, tcp, hostPort);
        p.addRow(2, debugfs, dbg);
        getDialogPane().setContent(p);
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        setResultConverter(b -> {
            if (b != ButtonType.OK) {
                return null;
            }
            if (tcp.isSelected()) {
                return AttachSpec.parse("tcp:" + hostPort.getText().trim());
            }
            if (debugfs.isSelected()) {
                return AttachSpec.parse("debugfs:" + dbg.getText().trim());
            }
            String path = port.getEditor().getText() == null || port.getEditor().getText().isBlank()
                    ? port.getValue() : port.getEditor().getText();
            return new AttachSpec.Serial(Path.of(path.trim()), baud.getValue());
        });
    }
}
