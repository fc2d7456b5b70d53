package org.pmdi.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.pmdi.analysis.synth.StopAt;
import org.pmdi.analysis.synth.TraceScript;
import org.pmdi.trace.RefusalReason;

/**
 * Generated traces with failed requests, and what each request was: the tests derive their
 * expectations from the same list of {@link Outcome}s that wrote the trace.
 *
 * <pre>{@code
 * List<Outcome> o = ErrorTraces.diskErrors(300, 3, true);   // every 3rd vdb read fails with EIO
 * Path p = ErrorTraces.write(dir.resolve("e.pmdt"), 7, o);
 * }</pre>
 */
public final class ErrorTraces {
    /** -5. */
    public static final long EIO = -5;
    /** -22. */
    public static final long EINVAL = -22;

    private ErrorTraces() {
    }

    /** How a generated request ends. */
    public enum How {
        /** Success. */
        OK,
        /** The driver fails it: DRV_END status &lt; 0 (then REQ_REFUSED {@code reason}, unless -1). */
        DRIVER,
        /** Linux refuses it when it takes it, before any driver call. */
        REFUSED
    }

    /**
     * One request to write.
     *
     * @param reason a REQ_REFUSED code, or -1 for no REQ_REFUSED record (as in a v0 trace)
     */
    public record Outcome(int device, How how, long status, int reason, long driverCycles) {
        public static Outcome ok(int device, long driverCycles) {
            return new Outcome(device, How.OK, 0, -1, driverCycles);
        }

        public static Outcome driver(int device, long status, int reason, long driverCycles) {
            return new Outcome(device, How.DRIVER, status, reason, driverCycles);
        }

        public static Outcome refused(int device, RefusalReason reason, long status) {
            return new Outcome(device, How.REFUSED, status, reason.code(), 0);
        }

        public boolean failed() {
            return how != How.OK;
        }

        /**
         * The cause key the analysis must give (the rules of FailureTracker, written out): a
         * REQ_REFUSED reason names it; without one, a request that reached the driver failed
         * there; otherwise it is unknown.
         */
        public String expectedKey() {
            if (how == How.OK) {
                return null;
            }
            if (reason >= 0 && reason != RefusalReason.OK.code()) {
                RefusalReason r = RefusalReason.of(reason);
                return r == RefusalReason.UNKNOWN ? "refused_other" : r.key();
            }
            return how == How.DRIVER ? "device_error" : "unknown";
        }
    }

    /**
     * {@code n} requests round-robin over the four default devices; every {@code every}-th
     * request on vdb (device 2) fails in its driver with EIO after a tenth of a healthy
     * driver time (a fast failure), with REQ_REFUSED device_error when {@code v1}.
     */
    public static List<Outcome> diskErrors(int n, int every, boolean v1) {
        SplittableRandom rnd = new SplittableRandom(n * 31L + every);
        List<Outcome> out = new ArrayList<>();
        int vdb = 0;
        for (int i = 0; i < n; i++) {
            int dev = i % 4;
            long drv = GeneratedTraces.driverCycles(dev, rnd);
            if (dev == 2 && vdb++ % every == every - 1) {
                out.add(Outcome.driver(2, EIO, v1 ? RefusalReason.DEVICE_ERROR.code() : -1, drv / 10));
            } else {
                out.add(Outcome.ok(dev, drv));
            }
        }
        return out;
    }

    /** Writes {@code outcomes} in order as a trace (op read, 4 KiB; null requests have no length). */
    public static Path write(Path file, long seed, List<Outcome> outcomes) throws IOException {
        return GeneratedTraces.write(file, seed, s -> body(s, outcomes));
    }

    /** Writes {@code outcomes} into {@code s}; returns their request ids, in order. */
    public static List<Long> body(TraceScript s, List<Outcome> outcomes) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (Outcome o : outcomes) {
            long len = o.device() == 0 ? 0 : 4096;
            ids.add(switch (o.how()) {
                case OK -> s.request(o.device(), 1, len, o.driverCycles(), StopAt.NONE);
                case DRIVER -> s.failedRequest(o.device(), 1, len, o.driverCycles(), o.status(), o.reason());
                case REFUSED -> s.refusedRequest(o.device(), 1, len, o.reason(), o.status());
            });
        }
        return ids;
    }
}
