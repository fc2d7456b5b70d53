package org.pmdi.viewer.app;

import java.nio.file.Path;
import java.util.List;

/**
 * The viewer's command line: {@code [TRACE [--compare NEW]] [--attach SPEC] [--record FILE]}.
 *
 * <pre>{@code
 * ViewerArgs a = ViewerArgs.parse(List.of("--attach", "serial:/dev/pts/3@115200", "--record", "live.pmdt"));
 * }</pre>
 *
 * @param trace  a saved trace to open, or null
 * @param attach an attach spec (see {@code AttachSpec.parse}), or null
 * @param record where a live session is recorded, or null for a file under ~/pmdi-recordings
 * @param compare a second trace to compare {@code trace} with (the Compare tab), or null
 */
public record ViewerArgs(Path trace, String attach, Path record, Path compare) {
    public static final String USAGE = "usage: ./pmdi view [TRACE.pmdt [--compare NEW.pmdt]] [--attach serial:PATH[@BAUD]|tcp:HOST:PORT|"
            + "debugfs:HOST:PORT|PATH] [--record FILE]";

    public static ViewerArgs parse(List<String> args) {
        Path trace = null;
        String attach = null;
        Path record = null;
        Path compare = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--attach" -> attach = value(args, ++i, a);
                case "--record" -> record = Path.of(value(args, ++i, a));
                case "--compare" -> compare = Path.of(value(args, ++i, a));
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                    }
                    if (trace != null) {
                        throw new IllegalArgumentException("only one trace can be opened\n" + USAGE);
                    }
                    trace = Path.of(a);
                }
            }
        }
        if (compare != null && trace == null) {
            throw new IllegalArgumentException("--compare needs a trace to compare with\n" + USAGE);
        }
        return new ViewerArgs(trace, attach, record, compare);
    }

    private static String value(List<String> args, int i, String opt) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(opt + " needs a value\n" + USAGE);
        }
        return args.get(i);
    }
}
