package org.pmdi.analysis.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;
import org.pmdi.analysis.synth.HostileTraces;

/**
 * Whatever well-formed records a buggy AP writes ({@link HostileTraces}), the analysis, the
 * text and JSON reports and every export finish without an exception ({@link HostileCheck}):
 * a crash would hide the diagnosis the developer of that AP needs most. `./pmdi test` runs
 * 150 random seeds; `./pmdi bench fuzz` thousands ({@link HostileBench}).
 */
class HostileRecordsProperties {
    private Path dir;

    @Property(tries = 150)
    void anyRecordsAnalysedReportedAndExportedWithoutAnException(@ForAll long seed,
            @ForAll @IntRange(min = 0, max = 400) int records) throws IOException {
        dir = Files.createTempDirectory("pmdi-hostile");
        assertThat(HostileCheck.run(dir, seed, records)).isEqualTo(records);
    }

    @AfterTry
    void removeFiles() throws IOException {
        HostileBench.delete(dir);
    }
}
