package org.pmdi.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** INFLIGHT blobs: what {@link Inflight#put} writes, the readers give back, at any offset. */
class InflightTest {
    @Property(tries = 300)
    void entriesRoundTripAtAnyOffset(@ForAll long since, @ForAll @LongRange(min = 0, max = 0xffffffffL) long req,
            @ForAll @IntRange(min = 0, max = 255) int dev, @ForAll @IntRange(min = 0, max = 255) int op,
            @ForAll @IntRange(min = 0, max = 255) int phase, @ForAll @IntRange(min = 0, max = 7) int off,
            @ForAll @IntRange(min = 0, max = 3) int i) {
        byte[] buf = new byte[off + 4 * Layout.INFLIGHT_SIZE];
        java.util.Arrays.fill(buf, (byte) 0x5a);
        Inflight.put(buf, off, i, since, req, dev, op, phase);
        assertThat(Inflight.sinceTsc(buf, off, i)).isEqualTo(since);
        assertThat(Inflight.req(buf, off, i)).isEqualTo(req);
        assertThat(Inflight.dev(buf, off, i)).isEqualTo(dev);
        assertThat(Inflight.op(buf, off, i)).isEqualTo(op);
        assertThat(Inflight.phase(buf, off, i)).isEqualTo(phase);
        assertThat(buf[off + i * Layout.INFLIGHT_SIZE + 15]).as("padding").isZero();
    }

    @Test
    void aPartialTailIsNoEntry() {
        assertThat(Inflight.count(0)).isZero();
        assertThat(Inflight.count(15)).isZero();
        assertThat(Inflight.count(16)).isEqualTo(1);
        assertThat(Inflight.count(47)).isEqualTo(2);
        assertThat(Inflight.count(-1)).isZero();
    }

    @Test
    void describeNamesKnownCodesAndShowsUnknownOnes() {
        byte[] buf = new byte[3 + 2 * Layout.INFLIGHT_SIZE];
        Inflight.put(buf, 3, 0, 100, 7, 1, Op.READ.code(), InflightPhase.IN_DRIVER.code());
        Inflight.put(buf, 3, 1, 200, 9, 0, 200, 77);
        assertThat(Inflight.describe(buf, 3, buf.length - 3))
                .isEqualTo("2 in flight: req 7 dev 1 read in driver; req 9 dev 0 op 200 phase 77");
    }

    @Test
    void phaseCodesAreTheCHeadersEnum() throws IOException {
        String h = Files.readString(ProjectRoot.get().resolve("interface/include/pmdi/trace_format.h"));
        Matcher m = Pattern.compile("PMDI_PHASE_(\\w+)\\s*=\\s*(\\d+)").matcher(h);
        int n = 0;
        while (m.find()) {
            InflightPhase p = InflightPhase.valueOf(m.group(1));
            assertThat(p.code()).as(m.group(1)).isEqualTo(Integer.parseInt(m.group(2)));
            assertThat(InflightPhase.fromCode(p.code())).isSameAs(p);
            n++;
        }
        assertThat(n).isEqualTo(InflightPhase.values().length);
        assertThat(InflightPhase.fromCode(n)).isNull();
        assertThat(InflightPhase.fromCode(-1)).isNull();
    }
}
