package org.pmdi.analysis.loss;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class LossMapTest {
    private static final IntPredicate AP = s -> s == 0;
    private static final IntPredicate LINUX = s -> s != 0;

    @Test
    void aSeqGapIsARegionOfItsSourceBetweenItsNeighbours() {
        LossMap m = LossMap.create();
        m.onRecord(0, 0, 100);
        m.onRecord(0, 1, 200);
        m.onRecord(1, 0, 150);
        m.onRecord(0, 5, 900);
        LossRegion r = m.firstAfter(AP, 150);
        assertThat(r).isEqualTo(new LossRegion(0, 200, 900, 3, LossKind.SEQ_GAP));
        assertThat(m.firstAfter(AP, 900)).isNull();
        assertThat(m.firstAfter(LINUX, 0)).as("the other source lost nothing").isNull();
        assertThat(m.gapLost()).isEqualTo(3);
    }

    @Test
    void duplicatesAreDroppedAndCounted() {
        LossMap m = LossMap.create();
        m.onRecord(0, 0, 100);
        m.onRecord(0, 1, 200);
        assertThat(m.isDuplicate(0, 1)).isTrue();
        assertThat(m.duplicates()).as("only tested").isZero();
        assertThat(m.dropIfDuplicate(0, 1)).isTrue();
        assertThat(m.onRecord(0, 0, 100)).isFalse();
        assertThat(m.isDuplicate(0, 2)).isFalse();
        assertThat(m.isDuplicate(3, 0)).as("a source not seen yet").isFalse();
        assertThat(m.duplicates()).isEqualTo(2);
        assertThat(m.regions()).isEmpty();
    }

    @Test
    void aBadFrameMattersOnlyToSourcesThatNeverWriteAgain() {
        LossMap m = LossMap.create();
        m.onRecord(0, 0, 100);
        m.onRecord(1, 0, 120);
        m.onBadFrame();
        m.onRecord(1, 1, 300); // source 1 goes on without a gap: it lost nothing
        assertThat(m.firstAfter(LINUX, 120)).isNull();
        LossRegion tail = m.firstAfter(AP, 100);
        assertThat(tail.kind()).isEqualTo(LossKind.BAD_FRAME);
        assertThat(tail.fromNs()).isEqualTo(100);
        assertThat(tail.toNs()).as("up to the latest time known after it").isEqualTo(300);
        assertThat(m.activeUntil(AP, 100)).isEqualTo(300);
        m.onBadFrame();
        assertThat(m.firstAfter(AP, 100).toNs()).as("nothing came after the second").isEqualTo(Long.MAX_VALUE);
        m.onRecord(0, 1, 400);
        assertThat(m.firstAfter(AP, 100)).as("source 0 wrote again without a gap").isNull();
    }

    @Test
    void ringLossAndLateAttachAreRegions() {
        LossMap m = LossMap.create();
        m.onRecord(1, 40, 500);
        assertThat(m.firstAfter(LINUX, 0)).isEqualTo(new LossRegion(1, Long.MIN_VALUE, 500, 40,
                LossKind.BEFORE_ATTACH));
        m.onRingLost(1, 800, 7);
        m.onRecord(1, 41, 800);
        assertThat(m.firstAfter(LINUX, 600)).isEqualTo(new LossRegion(1, 500, 800, 7, LossKind.RING_LOST));
        assertThat(m.firstAfter(LINUX, 600).describe()).contains("7 events dropped by a full trace ring");
        assertThat(m.activeUntil(LINUX, 600)).isEqualTo(800);
        assertThat(m.activeUntil(LINUX, 900)).isEqualTo(900);
    }

    @Test
    void sourcesSeenBeforeTheFirstHeaderMayRestartButKeepTheirSeqsOtherwise() {
        LossMap m = LossMap.create();
        m.onRecord(0, 10, 100);
        m.onRecord(1, 3, 100);
        m.onFirstHeader();
        assertThat(m.isDuplicate(0, 0)).as("a restart right after the header: a new session").isFalse();
        m.onRecord(0, 0, 200);
        m.onRecord(1, 9, 200);
        assertThat(m.firstAfter(LINUX, 150)).as("a gap across the header still counts")
                .isEqualTo(new LossRegion(1, 100, 200, 5, LossKind.SEQ_GAP));
        m.onNewSession();
        assertThat(m.regions()).isEmpty();
        assertThat(m.isDuplicate(1, 0)).isFalse();
    }

    @Test
    void theFirstRegionAfterATimeAmongMany() {
        LossMap m = LossMap.create();
        long seq = 0;
        for (int i = 0; i < 1000; i++) {
            m.onRecord(0, seq, i * 100L);
            seq += 2; // one record lost after each
        }
        for (long t : new long[] {-5, 0, 99, 100, 150, 55_555, 99_800}) {
            LossRegion r = m.firstAfter(AP, t);
            assertThat(r.toNs()).as("after %d", t).isGreaterThan(t);
            assertThat(r.fromNs()).as("after %d", t).isLessThanOrEqualTo(Math.max(t, 0));
        }
        assertThat(m.firstAfter(AP, 99_900)).isNull();
    }

    @Test
    void aRunOfInOrderRecordsIsSeenByEveryLaterQuery() {
        LossMap m = LossMap.create();
        for (int i = 0; i < 5; i++) {
            m.onRecord(0, i, 100 + i);
        }
        m.onRingLost(0, 300, 7);
        assertThat(m.firstAfter(AP, 150)).as("from the run's last record, not its first")
                .isEqualTo(new LossRegion(0, 104, 300, 7, LossKind.RING_LOST));
        m.onRecord(0, 5, 300);
        m.onRecord(0, 6, 310);
        assertThat(m.isDuplicate(0, 6)).isTrue();
        assertThat(m.onRecord(0, 6, 320)).as("a duplicate of the run's last record").isFalse();
        m.onRecord(1, 0, 400); // another source ends the run
        m.onRecord(0, 9, 500);
        assertThat(m.firstAfter(AP, 320)).isEqualTo(new LossRegion(0, 310, 500, 2, LossKind.SEQ_GAP));
        m.onBadFrame();
        m.onRecord(0, 10, 600);
        assertThat(m.firstAfter(LINUX, 400).toNs()).as("the bad frame ends at the first record after it")
                .isEqualTo(600);
    }
}
