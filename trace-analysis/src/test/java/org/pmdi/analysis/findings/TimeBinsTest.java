package org.pmdi.analysis.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TimeBinsTest {
    @Test
    void instantsLandInTheirMicrosecondBins() {
        TimeBins.Counter c = TimeBins.counter();
        c.add(0);
        c.add(-5); // before time 0: bin 0
        c.add(3L << 10);
        c.add((3L << 10) + 17);
        TimeBins b = c.snapshot();
        assertThat(b.binNs()).isEqualTo(1L << 10);
        assertThat(b.size()).isEqualTo(4);
        assertThat(b.count(0)).isEqualTo(2);
        assertThat(b.count(3)).isEqualTo(2);
        assertThat(b.startNs(3)).isEqualTo(3L << 10);
        assertThat(b.endNs(3)).isEqualTo(4L << 10);
        assertThat(TimeBins.counter().snapshot().size()).isZero();
    }

    @Test
    void aLateInstantWidensTheBinsAndKeepsTheEarlierOnesWhereTheyWere() {
        TimeBins.Counter c = TimeBins.counter();
        c.add(5L << 10);
        c.add(3_600_000_000_000L); // an hour in
        TimeBins b = c.snapshot();
        assertThat(b.size()).isLessThanOrEqualTo(TimeBins.Counter.MAX_BINS);
        assertThat(b.total()).isEqualTo(2);
        assertThat(b.count(b.size() - 1)).isEqualTo(1);
        assertThat(b.startNs(b.size() - 1)).isLessThanOrEqualTo(3_600_000_000_000L);
        assertThat(b.endNs(b.size() - 1)).isGreaterThan(3_600_000_000_000L);
        assertThat(b.startNs(0)).isLessThanOrEqualTo(5L << 10);
        assertThat(b.count(0)).isEqualTo(1);
    }

    /** Whatever the order and spread: every instant counted once, in the bin that holds it. */
    @Property(tries = 300)
    void everyInstantIsCountedInTheBinThatHoldsIt(
            @ForAll @Size(max = 200) List<@LongRange(min = -1_000, max = 1L << 44) Long> instants) {
        TimeBins.Counter c = TimeBins.counter();
        instants.forEach(c::add);
        TimeBins b = c.snapshot();
        assertThat(b.total()).isEqualTo(instants.size());
        assertThat(b.size()).isLessThanOrEqualTo(TimeBins.Counter.MAX_BINS);
        long[] expect = new long[b.size()];
        for (long ns : instants) {
            expect[(int) (Math.max(0, ns) / b.binNs())]++;
        }
        for (int i = 0; i < b.size(); i++) {
            assertThat(b.count(i)).as("bin %d", i).isEqualTo(expect[i]);
        }
    }
}
