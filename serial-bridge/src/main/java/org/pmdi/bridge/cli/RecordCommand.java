package org.pmdi.bridge.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code record}: record a trace stream to a saved trace, crash-safely, with progress.
 *
 * <pre>{@code
 * ./pmdi record --port /dev/pts/3 -o run.pmdt [--duration 60]
 * }</pre>
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record a trace stream (serial port, TCP, file, replay) to a saved trace.")
public final class RecordCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    CommonOptions common;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the saved trace to write")
    Path output;

    @Override
    public Integer call() {
        try {
            common.check();
            return Session.run(input.transport(), new Session.Settings(output, !common.noReconnect, common.flushMs,
                    common.duration, common.quiet, false, common.progressMs), System.out, System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("pmdi: " + e.getMessage());
            return 2;
        }
    }
}
