package org.pmdi.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing budgets: latency and errors, counts and rates, and what is refused. */
class BudgetTest {
    @Test
    void parsesBothKinds() {
        assertThat(Budget.parse("vdb=p99:5")).isEqualTo(new LatencyBudget("vdb", "p99", 5_000_000));
        assertThat(Budget.parse("vda=errors:0")).isEqualTo(new ErrorBudget("vda", 0, -1));
        assertThat(Budget.parse("2=errors:12")).isEqualTo(new ErrorBudget("2", 12, -1));
        ErrorBudget r = (ErrorBudget) Budget.parse("vdb=errors:0.5%");
        assertThat(r.isRate()).isTrue();
        assertThat(r.maxRate()).isEqualTo(0.005);
        assertThat(r.limitText()).isEqualTo("0.5 %");
        assertThat(((ErrorBudget) Budget.parse("vdb=errors: 10 %")).limitText()).isEqualTo("10 %");
        assertThat(((ErrorBudget) Budget.parse("vdb=errors:7")).limitText()).isEqualTo("7");
    }

    @Test
    void refusesWhatIsNotABudget() {
        for (String bad : new String[] {"vdb=errors:", "vdb=errors:-2", "vdb=errors:1.5", "vdb=errors:150%",
            "vdb=errors:-1%", "vdb=errors:NaN%", "=errors:1", "errors:1", "vdb=error:1"}) {
            assertThatThrownBy(() -> Budget.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new ErrorBudget("vdb", 1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ErrorBudget("vdb", -1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
