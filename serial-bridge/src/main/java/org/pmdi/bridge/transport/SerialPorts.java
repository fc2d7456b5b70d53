package org.pmdi.bridge.transport;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Candidate serial ports for a port picker: the ports the system lists (USB adapters,
 * ttyS*), plus pseudo-terminal links the caller knows of (jSerialComm does not list ptys,
 * so a picker also lets the user type a path).
 *
 * <pre>{@code
 * List<Path> ports = SerialPorts.candidates(List.of(Path.of("/tmp/pmdi-board-trace")));
 * }</pre>
 *
 * {@code knownLinks} not null (may be empty); only links that exist are returned, first, in
 * the given order, followed by the system's ports; no duplicates.
 */
public final class SerialPorts {
    private SerialPorts() {
    }

    public static List<Path> candidates(List<Path> knownLinks) {
        if (knownLinks == null) {
            throw new IllegalArgumentException("knownLinks must not be null");
        }
        Set<Path> out = new LinkedHashSet<>();
        for (Path p : knownLinks) {
            if (p != null && Files.exists(p)) {
                out.add(p);
            }
        }
        for (SerialPort sp : SerialPort.getCommPorts()) {
            String loc = sp.getSystemPortPath();
            if (loc != null && !loc.isEmpty()) {
                out.add(Path.of(loc));
            }
        }
        return List.copyOf(new ArrayList<>(out));
    }
}
