package org.pmdi.bridge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code attach}: read a live trace stream, show progress, optionally record it.
 *
 * <pre>{@code
 * ./pmdi attach --port /dev/pts/3 [--baud 115200] [--record run.pmdt] [--events]
 * }</pre>
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Attach to a trace stream (serial port, TCP, file, replay) and show live progress.")
public final class AttachCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    CommonOptions common;

    @Option(names = "--record", paramLabel = "FILE", description = "also record the stream to a saved trace")
    Path record;

    @Option(names = "--events", description = "print every event on stdout")
    boolean events;

    @Override
    public Integer call() {
        try {
            common.check();
            return Session.run(input.transport(), new Session.Settings(record, !common.noReconnect, common.flushMs,
                    common.duration, common.quiet, events, common.progressMs), System.out, System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("pmdi: " + e.getMessage());
            return 2;
        }
    }
}
