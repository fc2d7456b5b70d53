package org.pmdi.bridge.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.pmdi.bridge.TestTraces;
import org.pmdi.trace.file.MappedTraceReader;
import org.pmdi.trace.file.TraceFileWriter;

/**
 * Whatever the read sizes, file and replay connections deliver exactly the stream's bytes
 * (for a replay: the saved file up to its index), in order, then the end.
 */
class ChunkingProperties {
    private static byte[] readAll(Connection c, List<Integer> sizes) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        int i = 0;
        int idle = 0;
        while (true) {
            int want = sizes.get(i++ % sizes.size());
            int n = c.read(buf, 3, want);
            if (n < 0) {
                return o.toByteArray();
            }
            assertThat(n).isBetween(0, want);
            idle = n == 0 ? idle + 1 : 0;
            assertThat(idle).as("idle reads").isLessThan(100);
            o.write(buf, 3, n);
        }
    }

    private static Path saved(int requests) throws IOException {
        Path f = Files.createTempFile("pmdi-chunking", ".pmdt");
        byte[] s = TestTraces.framePerEvent(TestTraces.requests(requests, 10));
        try (TraceFileWriter w = TraceFileWriter.create(f)) {
            w.write(s, 0, s.length);
        }
        return f;
    }

    @Property(tries = 40)
    void replayDeliversTheDataPartWhole(@ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 600) Integer> sizes,
            @ForAll boolean paced, @ForAll @IntRange(min = 0, max = 40) int requests) throws IOException {
        Path f = saved(requests);
        try {
            long dataEnd;
            try (MappedTraceReader r = MappedTraceReader.open(f)) {
                dataEnd = r.index().dataEnd();
            }
            byte[] want = Arrays.copyOf(Files.readAllBytes(f), (int) dataEnd);
            ReplaySpeed speed = paced ? ReplaySpeed.times(1e9) : ReplaySpeed.asFastAsPossible();
            try (Connection c = ReplayTransport.of(f, speed).open()) {
                assertThat(readAll(c, sizes)).isEqualTo(want);
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Property(tries = 40)
    void fileDeliversEveryByte(@ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 600) Integer> sizes,
            @ForAll @Size(max = 5000) byte[] content) throws IOException {
        Path f = Files.createTempFile("pmdi-chunking", ".bin");
        try {
            Files.write(f, content);
            try (Connection c = FileTransport.of(f).open()) {
                assertThat(c.readMayBlock()).isFalse();
                assertThat(readAll(c, sizes)).isEqualTo(content);
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
