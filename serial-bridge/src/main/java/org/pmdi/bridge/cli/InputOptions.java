package org.pmdi.bridge.cli;

import java.nio.file.Path;
import org.pmdi.bridge.transport.FileTransport;
import org.pmdi.bridge.transport.ReplaySpeed;
import org.pmdi.bridge.transport.ReplayTransport;
import org.pmdi.bridge.transport.SerialTransport;
import org.pmdi.bridge.transport.TcpTransport;
import org.pmdi.bridge.transport.Transport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The command-line choice of input: exactly one of a serial port, a TCP peer, a file, or a
 * saved trace to replay, with their options.
 *
 * <pre>{@code
 * --port /dev/pts/3 [--baud 115200] | --tcp localhost:4555 | --file F [--follow] | --replay F [--speed 4]
 * @Mixin InputOptions input;          // in a picocli command
 * Transport t = input.transport();
 * }</pre>
 */
public final class InputOptions {
    /** The exclusive source choice. */
    static final class Source {
        @Option(names = "--port", paramLabel = "PATH",
                description = "serial port or pseudo-terminal (e.g. QEMU's -serial pty, /dev/ttyUSB0)")
        Path port;

        @Option(names = "--tcp", paramLabel = "HOST:PORT", description = "TCP peer (QEMU -chardev socket, a forward)")
        String tcp;

        @Option(names = "--file", paramLabel = "FILE", description = "a file or pipe (e.g. a copy of the debugfs stream)")
        Path file;

        @Option(names = "--replay", paramLabel = "TRACE", description = "a saved trace, replayed as a live stream")
        Path replay;
    }

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Input (one of):%n")
    Source source;

    @Option(names = "--baud", defaultValue = "115200", description = "baud rate for --port (default: ${DEFAULT-VALUE})")
    int baud;

    @Option(names = "--follow", description = "with --file: keep reading what is appended")
    boolean follow;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "X",
            description = "with --replay: 1 = recorded speed, 4 = four times faster, max = as fast as possible")
    String speed;

    /** The transport the options name; IllegalArgumentException naming the option whose value is wrong. */
    public Transport transport() {
        if (source.port != null) {
            return option("--baud " + baud, () -> SerialTransport.of(source.port, baud));
        }
        if (source.tcp != null) {
            return option("--tcp " + source.tcp, () -> TcpTransport.parse(source.tcp));
        }
        if (source.file != null) {
            return follow ? FileTransport.follow(source.file) : FileTransport.of(source.file);
        }
        return option("--speed " + speed, () -> ReplayTransport.of(source.replay, ReplaySpeed.parse(speed)));
    }

    /** {@code make}'s transport; its IllegalArgumentException prefixed with the option and value that caused it. */
    private static Transport option(String optionAndValue, java.util.function.Supplier<Transport> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(optionAndValue + ": " + e.getMessage(), e);
        }
    }
}
