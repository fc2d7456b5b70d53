package org.pmdi.viewer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.pmdi.analysis.synth.StopAt;
import org.pmdi.analysis.synth.TraceScript;
import org.pmdi.trace.RefusalReason;
import org.pmdi.trace.file.TraceFileWriter;

/**
 * A trace with failures: 400 requests over the four default devices, every 4th vdb request
 * failed by its driver with EIO (25 % of vdb's 100), and 2 requests Linux refused as too long
 * on vda.
 */
public final class ErrorTrace {
    /** vdb's id in {@link TraceScript#defaultDevices()}. */
    public static final int VDB = 2;
    /** vdb's requests that failed. */
    public static final int VDB_FAILED = 25;

    private ErrorTrace() {
    }

    /** Writes the trace to {@code p}; returns the id of the first failed vdb request. */
    public static long write(Path p) throws IOException {
        long first = -1;
        try (TraceFileWriter w = TraceFileWriter.create(p);
                OutputStream out = new BufferedOutputStream(w.asOutputStream(), 1 << 16)) {
            TraceScript s = TraceScript.create(out, 9).header(0x5eed0009L, TraceScript.defaultDevices(), null);
            int vdb = 0;
            for (int i = 0; i < 400; i++) {
                int dev = i % 4;
                if (dev == VDB && vdb++ % 4 == 3) {
                    long id = s.failedRequest(VDB, 1, 4096, 2_500, -5, RefusalReason.DEVICE_ERROR.code());
                    first = first < 0 ? id : first;
                } else {
                    s.request(dev, 1, dev == 0 ? 0 : 4096, 100_000, StopAt.NONE);
                }
                if (i % 150 == 149) {
                    s.refusedRequest(1, 1, 1 << 30, RefusalReason.BAD_LENGTH.code(), -22);
                }
            }
            s.idle(10_000_000L);
            s.finish();
        }
        return first;
    }
}
