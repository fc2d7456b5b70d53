package org.pmdi.analysis.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The small types: words, size classes, the error test, rule parsing and checking. */
class DiffTypesTest {
    static final GroupKey VDB = new GroupKey("vdb", "block", "read", 65536);

    @Test
    void sizeClassesArePowersOfTwoRoundedUp() {
        assertThat(GroupKey.sizeClass(0)).isZero();
        assertThat(GroupKey.sizeClass(-1)).isZero();
        assertThat(GroupKey.sizeClass(1)).isEqualTo(1);
        assertThat(GroupKey.sizeClass(4096)).isEqualTo(4096);
        assertThat(GroupKey.sizeClass(4097)).isEqualTo(8192);
        assertThat(GroupKey.sizeClass(40_000)).isEqualTo(65536);
        assertThat(VDB.words()).isEqualTo("vdb read 64 KiB");
        assertThat(new GroupKey("console", "console", "write", 32).words()).isEqualTo("console write 32 B");
        assertThat(new GroupKey("null", "null", "null", 0).words()).isEqualTo("null no-op");
        assertThat(GroupKey.opName(1)).isEqualTo("read");
        assertThat(GroupKey.opName(42)).isEqualTo("op42");
        assertThatThrownBy(() -> new GroupKey("vdb", "block", "read", 3000)).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void aChangeInTheIssuesWords() {
        Change c = new Change(VDB, "driver", "p99", 4_600_000, 146_000_000, 31.7, 25.2, 38.4, true, true);
        assertThat(c.words()).isEqualTo("vdb read 64 KiB: in-driver p99 4.6 ms → 146 ms, 32× (95% CI 25–38×)");
        assertThat(c.regression()).isTrue();
        Change faster = new Change(VDB, "dispatch_wait", "p50", 250_000, 62_000, 0.248, 0.21, 0.29, true, true);
        assertThat(faster.words()).isEqualTo(
                "vdb read 64 KiB: dispatch-wait p50 250 µs → 62 µs, 0.25× (95% CI 0.21–0.29×)");
        assertThat(faster.regression()).isFalse();
        assertThat(faster.improvement()).isTrue();
        Change few = new Change(VDB, "total", "p99", 1_000_000, 1_500_000, 1.5, Double.NaN, Double.NaN, false, false);
        assertThat(few.words()).endsWith("1.5× (too few requests to tell)");
        assertThatThrownBy(() -> new Change(VDB, "total", "p99", 1, 2, 2, 1, 3, false, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aValueBelowTheResolutionReadsAsItWasCompared() {
        // 0 ns counted as the 10 µs floor: 13 µs / 10 µs = 1.3×
        Change c = new Change(VDB, "doorbell", "p50", 0, 13_000, 1.3, 1.25, 1.4, true, true);
        DiffConfig d = DiffConfig.defaults();
        assertThat(d.resolutionNs()).isEqualTo(10_000);
        assertThat(c.words(d)).isEqualTo("vdb read 64 KiB: doorbell p50 <10 µs → 13 µs, 1.3× (95% CI 1.3–1.4×)");
        assertThat(c.words()).as("without a config: the raw values").contains("0 ns → 13 µs");
    }

    @Test
    void errorRatesAreWorseOnlyBeyondNoise() {
        assertThat(new ErrorDiff("vdb", 20_000, 0, 20_368, 904).worse()).isTrue();
        assertThat(new ErrorDiff("vdb", 100, 0, 100, 3).worse()).as("3 of 100 after 0 of 100: z 1.7").isFalse();
        assertThat(new ErrorDiff("vdb", 1000, 0, 1000, 10).worse()).as("z 3.2").isTrue();
        assertThat(new ErrorDiff("vdb", 1000, 10, 1000, 10).worse()).isFalse();
        assertThat(new ErrorDiff("vdb", 1000, 50, 1000, 0).better()).isTrue();
        assertThat(new ErrorDiff("eth0", 0, 0, 10, 1).worse()).as("no base to compare with").isTrue();
        assertThat(new ErrorDiff("eth0", 0, 0, 10, 0).worse()).isFalse();
        assertThat(new ErrorDiff("vdb", 20_000, 0, 20_000, 904).words())
                .startsWith("vdb: failed 0 of 20000 (0.0%) → 904 of 20000 (4.5%), worse (z = ");
    }

    @Test
    void failRulesParse() {
        FailRule r = FailRule.parse("vdb:p99:+20%");
        assertThat(r.device()).isEqualTo("vdb");
        assertThat(r.phase()).isEqualTo("total");
        assertThat(r.stat()).isEqualTo("p99");
        assertThat(r.percent()).isEqualTo(20);
        assertThat(FailRule.parse("any:driver:p50:+12.5%").phase()).isEqualTo("driver");
        assertThat(FailRule.parse("any:errors").errors()).isTrue();
        for (String bad : List.of("vdb", "vdb:p99", "vdb:p99:20%", "vdb:p99:+20", "vdb:p95:+20%", "vdb:in-driver:p99:+5%",
                ":p99:+5%", "vdb:p99:+x%", "vdb:p99:+-5%", "vdb:fails", "a:b:c:d:e")) {
            assertThatThrownBy(() -> FailRule.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void latencyRulesLookAtTheLowerBound() {
        Change up = new Change(VDB, "total", "p99", 1_000_000, 1_400_000, 1.4, 1.3, 1.5, true, true);
        Change noisy = new Change(new GroupKey("vda", "block", "read", 4096), "total", "p99", 1_000_000, 2_000_000,
                2.0, 1.1, 3.5, true, false);
        DiffReport r = new DiffReport("a", "b", DiffConfig.defaults(), List.of(), List.of(up, noisy), List.of(),
                List.of(), List.of(), List.of(), 2, 10, 10);
        assertThat(FailRule.parse("vdb:p99:+20%").check(r)).hasSize(1);
        assertThat(FailRule.parse("vdb:p99:+30%").check(r)).isEmpty();
        assertThat(FailRule.parse("vdb:p50:+20%").check(r)).isEmpty();
        assertThat(FailRule.parse("vdb:driver:p99:+20%").check(r)).isEmpty();
        // the point estimate 2.0× does not trip +50 %: its lower bound is 1.1×
        assertThat(FailRule.parse("vda:p99:+50%").check(r)).isEmpty();
        assertThat(FailRule.parse("any:p99:+5%").check(r)).hasSize(2);
        assertThat(FailRule.tripped(List.of(FailRule.parse("any:p99:+20%"), FailRule.parse("vda:p99:+5%")), r))
                .extracting(t -> t.rule().spec()).containsExactly("any:p99:+20%", "vda:p99:+5%");
    }

    @Test
    void configChecksItsSettings() {
        assertThat(DiffConfig.defaults().minEffect()).isEqualTo(1.25);
        assertThat(DiffConfig.defaults().resolutionNs()).isEqualTo(DiffConfig.DEFAULT_RESOLUTION_NS);
        assertThat(DiffConfig.defaults().withMinEffect(1.5).minEffect()).isEqualTo(1.5);
        assertThatThrownBy(() -> DiffConfig.defaults().withMinEffect(1.0)).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> DiffConfig.defaults().withConfidence(1.0)).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> DiffConfig.defaults().withRounds(10)).isInstanceOf(IllegalArgumentException.class);
    }
}
