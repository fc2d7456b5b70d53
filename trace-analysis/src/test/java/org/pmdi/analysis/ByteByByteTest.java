package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pmdi.trace.codec.StreamDecoder;

/** The analysis gives the same result whatever the chunking of its input, one byte at a time included. */
class ByteByByteTest {
    @ParameterizedTest
    @ValueSource(strings = {"all-events", "edge-values", "loss-and-corruption"})
    void goldenVectorsFedOneByteAtATime(String name) throws IOException {
        Path p = Path.of("../trace-format/golden/v0/" + name + ".pmdt");
        byte[] bytes = Files.readAllBytes(p);
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        StreamDecoder d = StreamDecoder.create(a);
        for (int i = 0; i < bytes.length; i++) {
            d.push(bytes, i, 1);
        }
        d.finish();
        a.finish();
        AnalysisSnapshot byByte = a.snapshot();
        AnalysisSnapshot whole = TraceFiles.analyze(p, AnalysisConfig.defaults());
        assertThat(byByte).isEqualTo(whole);
        assertThat(byByte.events()).isPositive();
    }
}
