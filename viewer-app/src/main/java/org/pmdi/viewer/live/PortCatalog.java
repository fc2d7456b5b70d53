package org.pmdi.viewer.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import com.fazecast.jSerialComm.SerialPort;

/**
 * Serial ports to offer in the attach dialog: what jSerialComm lists (USB adapters, ttyS),
 * plus pseudo-terminals it does not list (/dev/pts/N) and symlinks the project knows of
 * (the board's trace pty link under build/). The user may always type any path.
 *
 * <pre>{@code
 * List<String> paths = PortCatalog.list(Path.of("build"));
 * }</pre>
 */
public final class PortCatalog {
    private PortCatalog() {
    }

    public static List<String> list(Path buildDir) {
        List<String> out = new ArrayList<>();
        if (buildDir != null && Files.isDirectory(buildDir)) {
            try (Stream<Path> s = Files.walk(buildDir, 3)) {
                s.filter(Files::isSymbolicLink).filter(p -> p.getFileName().toString().contains("pty")
                        || p.getFileName().toString().contains("trace")).forEach(p -> out.add(p.toString()));
            } catch (IOException e) {
                // nothing to offer from there
            }
        }
        try {
            for (SerialPort p : SerialPort.getCommPorts()) {
                out.add(p.getSystemPortPath());
            }
        } catch (RuntimeException | LinkageError e) {
            // no native library on this machine: typed paths still work
        }
        try (Stream<Path> s = Files.list(Path.of("/dev/pts"))) {
            s.filter(p -> p.getFileName().toString().matches("\\d+")).sorted().forEach(p -> out.add(p.toString()));
        } catch (IOException e) {
            // no /dev/pts
        }
        return out.stream().distinct().toList();
    }

    /**
     * Where a running board forwards its debugfs trace_pipe: DEBUGFS_TCP from a board.env
     * under {@code buildDir} (board.sh writes it), else the board's default 127.0.0.1:4556.
     */
    public static String debugfsHint(Path buildDir) {
        if (buildDir != null && Files.isDirectory(buildDir)) {
            try (Stream<Path> s = Files.walk(buildDir, 3)) {
                for (Path env : s.filter(p -> p.getFileName().toString().equals("board.env")).toList()) {
                    for (String line : Files.readAllLines(env)) {
                        if (line.startsWith("DEBUGFS_TCP=") && line.length() > 12) {
                            return line.substring(12).trim();
                        }
                    }
                }
            } catch (IOException e) {
                // fall back to the default
            }
        }
        return "127.0.0.1:4556";
    }
}
