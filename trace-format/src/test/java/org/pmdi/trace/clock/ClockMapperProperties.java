package org.pmdi.trace.clock;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.Source;

/** Clock mapping: Linux events move by the CLOCK_SYNC offset; intervals keep their sign. */
class ClockMapperProperties {
    static ClockMapper mapper(long khz) {
        ClockMapper m = ClockMapper.create();
        m.onHeader(SessionHeader.builder().session(1, 0, 0, 0, 0).clock(khz, khz).source(Source.of(0, 0, 1, 1, 64))
                .source(Source.of(1, 1, 0, 0, 64)).source(Source.of(2, 1, 2, 2, 64)).build());
        return m;
    }

    @Property(tries = 500)
    void intervalsAcrossSidesAreExactAndNeverClamped(@ForAll @LongRange(min = 0, max = 1L << 50) long apTsc,
            @ForAll @LongRange(min = -(1L << 40), max = 1L << 40) long offset,
            @ForAll @LongRange(min = -(1L << 30), max = 1L << 30) long gap) {
        ClockMapper m = mapper(1_000_000);
        m.onClockSync(1, offset, 10);
        long a = m.toNs(m.toApTsc(0, apTsc));
        long linuxTsc = apTsc + gap - offset;
        long b = m.toNs(m.toApTsc(1, linuxTsc));
        assertThat(b - a).isEqualTo(gap);
    }

    @Property(tries = 300)
    void nanosecondsAreMonotoneAndWithinOneNs(@ForAll @LongRange(min = 0, max = 1L << 44) long d1,
            @ForAll @LongRange(min = 0, max = 1L << 44) long d2) {
        ClockMapper m = mapper(2_494_140);
        m.toApTsc(0, 0);
        long lo = Math.min(d1, d2);
        long hi = Math.max(d1, d2);
        assertThat(m.toNs(lo)).isLessThanOrEqualTo(m.toNs(hi));
        assertThat(Math.abs(m.toNs(hi) - m.cyclesToNs(hi))).isLessThanOrEqualTo(1);
    }

    @Test
    void sourcesWithoutTheirOwnSyncUseAnotherLinuxSourcesOffset() {
        ClockMapper m = mapper(1_000_000);
        assertThat(m.toApTsc(0, 1000)).isEqualTo(1000);
        assertThat(m.toApTsc(2, 500)).isEqualTo(500);
        assertThat(m.unsyncedEvents()).isEqualTo(1);
        m.onClockSync(1, 300, 5);
        assertThat(m.toApTsc(2, 500)).isEqualTo(800);
        m.onClockSync(2, -100, 5);
        assertThat(m.toApTsc(2, 500)).isEqualTo(400);
        assertThat(m.toApTsc(1, 500)).isEqualTo(800);
        assertThat(m.toApTsc(0, 500)).isEqualTo(500);
        assertThat(m.syncCount()).isEqualTo(2);
    }

    @Test
    void aNewSessionForgetsOffsets() {
        ClockMapper m = mapper(1_000_000);
        m.onClockSync(1, 300, 5);
        m.onHeader(SessionHeader.builder().session(2, 0, 0, 0, 0).clock(1_000_000, 1_000_000)
                .source(Source.of(1, 1, 0, 0, 64)).build());
        assertThat(m.toApTsc(1, 500)).isEqualTo(500);
    }

    @Test
    void theSameSessionAgainKeepsOffsets() {
        ClockMapper m = mapper(1_000_000);
        m.onClockSync(1, 300, 5);
        m.onHeader(SessionHeader.builder().session(1, 0, 0, 0, 0).clock(1_000_000, 1_000_000)
                .source(Source.of(1, 1, 0, 0, 64)).build());
        assertThat(m.toApTsc(1, 500)).isEqualTo(800);
    }

    @Test
    void aLinuxEventBeforeAnyClockSyncDoesNotSetTheOrigin() {
        ClockMapper m = mapper(1_000_000);
        assertThat(m.synced(1)).isFalse();
        assertThat(m.synced(0)).isTrue();
        assertThat(m.toNs(m.toApTsc(1, 90_000))).isZero();
        assertThat(m.hasOrigin()).isFalse();
        assertThat(m.toNs(m.toApTsc(0, 5_000))).isZero();
        assertThat(m.originTsc()).isEqualTo(5_000);
        m.onClockSync(1, 1_000, 5);
        assertThat(m.synced(1)).isTrue();
        assertThat(m.toNs(m.toApTsc(1, 6_000))).isEqualTo(2_000);
    }

    @Test
    void theOriginIsTheFirstEventAndSurvivesANewSessionLikeTheFileIndex() {
        ClockMapper m = mapper(1_000_000);
        assertThat(m.toNs(m.toApTsc(0, 5_000))).isZero();
        m.onHeader(SessionHeader.builder().session(9, 0, 0, 0, 0).clock(1_000_000, 1_000_000).build());
        assertThat(m.toNs(m.toApTsc(0, 7_000))).isEqualTo(2_000);
    }
}
