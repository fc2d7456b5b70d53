package org.pmdi.bridge.transport;

import java.io.IOException;
import org.pmdi.trace.GapReason;

/**
 * Where a trace stream comes from: a serial port, a TCP peer, a file or pipe, a saved trace
 * replayed. A transport is a recipe; each {@link #open()} gives a fresh {@link Connection},
 * so the bridge can reconnect after the input went away.
 *
 * <pre>{@code
 * Transport t = SerialTransport.of(Path.of("/dev/pts/3"), 115200);
 * Transport t = TcpTransport.of("localhost", 4555);
 * Transport t = FileTransport.follow(Path.of("trace.pmdt"));
 * Transport t = ReplayTransport.of(Path.of("saved.pmdt"), ReplaySpeed.times(4));
 * Bridge b = Bridge.builder(t).recordTo(out).start();
 * }</pre>
 *
 * Implementations are immutable and thread-safe; connections are not.
 */
public interface Transport {
    /**
     * Opens the input.
     *
     * @throws IOException when it is not there (yet): a missing port, a refused connection
     */
    Connection open() throws IOException;

    /**
     * True when an end of input is temporary (a port unplugged, a socket closed), so the
     * bridge should reconnect and mark a gap; false when it is the end of the data.
     */
    boolean reconnectable();

    /** The GAP reason recorded when this transport's input ends while it is reconnectable. */
    GapReason gapReason();

    /**
     * True when the input keeps its data while the bridge does not read it (a file, a replay),
     * so a slow feed consumer may hold the reader back ({@code Overflow.WAIT}) and lose
     * nothing; false for live inputs (serial, TCP), whose data is lost if not read in time.
     */
    default boolean keepsData() {
        return false;
    }

    /** A short human-readable name, e.g. {@code serial /dev/pts/3 @115200}. */
    String describe();
}
