package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.pmdi.analysis.latency.LatencyStats;
import org.pmdi.analysis.request.RequestTracker;

/**
 * {@link TraceAnalyzer#onEvent} runs once per event inside the decoder's loop, and with it
 * the two stages it calls; HotSpot inlines a hot method only up to FreqInlineSize (325 bytes of
 * bytecode), so their sizes are checked here (the loss and failure handling of issue 14 had
 * grown onEvent to 387 bytes).
 */
class OnEventSizeTest {
    private static final int FREQ_INLINE_SIZE = 325;

    @Test
    void onEventStaysSmallEnoughToBeInlined() throws IOException {
        int size = codeLength(TraceAnalyzer.class, "onEvent", "(IJIJJ[JI)V");
        assertThat(size).as("bytecode bytes of TraceAnalyzer.onEvent").isPositive().isLessThan(FREQ_INLINE_SIZE);
    }

    /** The first stage (clock mapping, loss accounting) and the second, inlined into onEvent only while this small. */
    @Test
    void bothStagesStaySmallEnoughToBeInlined() throws IOException {
        int map = codeLength(RecordMapper.class, "map", "(IJIJ[J)Z");
        assertThat(map).as("bytecode bytes of RecordMapper.map").isPositive().isLessThan(FREQ_INLINE_SIZE);
        int mapped = codeLength(TraceAnalyzer.class, "onMapped", "(IZIJJJ[JI)V");
        assertThat(mapped).as("bytecode bytes of TraceAnalyzer.onMapped").isPositive().isLessThan(FREQ_INLINE_SIZE);
    }

    /** The tracker's per-type details are inlined into its onEvent only while this small (a call per event otherwise). */
    @Test
    void trackerDetailsStaySmallEnoughToBeInlined() throws IOException {
        int size = codeLength(RequestTracker.class, "details", "(IIII[J)V");
        assertThat(size).as("bytecode bytes of RequestTracker.details").isPositive().isLessThan(FREQ_INLINE_SIZE);
    }

    /** The latency statistics' per-request recording is inlined into the tracker's finalization only while this small. */
    @Test
    void latencyRecordingStaysSmallEnoughToBeInlined() throws IOException {
        int size = codeLength(LatencyStats.class, "onRequest", "(Lorg/pmdi/analysis/request/RequestView;)V");
        assertThat(size).as("bytecode bytes of LatencyStats.onRequest").isPositive().isLessThan(FREQ_INLINE_SIZE);
    }

    /** The Code length of method {@code name}{@code desc} in {@code c}'s class file (JVMS §4). */
    private static int codeLength(Class<?> c, String name, String desc) throws IOException {
        try (InputStream raw = c.getResourceAsStream(c.getSimpleName() + ".class");
                DataInputStream in = new DataInputStream(raw)) {
            in.readInt(); // magic
            in.readInt(); // minor, major
            int n = in.readUnsignedShort();
            String[] utf8 = new String[n];
            for (int i = 1; i < n; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 15 -> in.skipNBytes(3);
                    default -> throw new IOException("constant pool tag " + tag);
                }
            }
            in.skipNBytes(6); // access, this, super
            in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
            skipMembers(in);
            int methods = in.readUnsignedShort();
            for (int m = 0; m < methods; m++) {
                in.skipNBytes(2);
                String mName = utf8[in.readUnsignedShort()];
                String mDesc = utf8[in.readUnsignedShort()];
                int attrs = in.readUnsignedShort();
                for (int a = 0; a < attrs; a++) {
                    String aName = utf8[in.readUnsignedShort()];
                    int len = in.readInt();
                    if (aName.equals("Code") && mName.equals(name) && mDesc.equals(desc)) {
                        in.skipNBytes(4); // max_stack, max_locals
                        return in.readInt();
                    }
                    in.skipNBytes(len);
                }
            }
            return -1;
        }
    }

    private static void skipMembers(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        for (int f = 0; f < count; f++) {
            in.skipNBytes(6);
            int attrs = in.readUnsignedShort();
            for (int a = 0; a < attrs; a++) {
                in.skipNBytes(2);
                in.skipNBytes(in.readInt());
            }
        }
    }
}
