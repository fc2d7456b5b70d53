package org.pmdi.analysis.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.GeneratedTraces;
import org.pmdi.analysis.ReportCliTest;
import org.pmdi.analysis.TraceFiles;

/**
 * The ELF64 symtab reader against a real kernel-like ELF built by gcc (with a GNU build id),
 * cross-checked with nm; and the AP fault finding naming the symbol through --elf-path.
 * Skipped, saying so, when gcc or nm is missing.
 */
class ElfSymbolsTest {
    @TempDir
    static Path tmp;
    static Path elf;
    static long faultHere;

    static boolean run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("cmd.out").toFile()).start();
        return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @BeforeAll
    static void build() throws Exception {
        Path src = tmp.resolve("kernel.c");
        Files.writeString(src, "void fault_here(void) { __asm__ volatile(\"nop; nop; nop; nop; ud2\"); }\n"
                + "int counter;\nvoid _start(void) { counter++; fault_here(); for (;;) { } }\n");
        Path dir = Files.createDirectories(tmp.resolve("elfs/sub"));
        elf = dir.resolve("ap-kernel.elf");
        boolean ok;
        try {
            ok = run(tmp, "gcc", "-O1", "-nostdlib", "-static", "-fno-pie", "-no-pie", "-Wl,--build-id=sha1", "-o",
                    elf.toString(), src.toString()) && run(tmp, "sh", "-c", "nm " + elf + " > nm.txt");
        } catch (IOException e) {
            ok = false;
        }
        assumeTrue(ok, "gcc or nm is not installed: skipping the ELF symbol tests");
        for (String line : Files.readAllLines(tmp.resolve("nm.txt"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[2].equals("fault_here")) {
                faultHere = Long.parseUnsignedLong(f[0], 16);
            }
        }
        assertThat(faultHere).isNotZero();
    }

    @Test
    void readsBuildIdAndSymbolsLikeNm() throws IOException {
        ElfSymbols e = ElfSymbols.read(elf);
        assertThat(e.buildIdHex()).hasSize(40);
        assertThat(e.symbolize(faultHere)).isEqualTo("fault_here+0x0");
        assertThat(e.symbolize(faultHere + 4)).isEqualTo("fault_here+0x4");
        assertThat(e.symbolize(1)).isNull();
        assertThat(e.symbolCount()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void rejectsNonElf() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.bin"), "not an elf at all, sorry............................"
                + "...........................................");
        assertThatThrownBy(() -> ElfSymbols.read(junk)).isInstanceOf(IOException.class).hasMessageContaining("ELF");
        assertThat(ElfSymbols.buildIdOf(junk)).isEmpty();
    }

    @Test
    void libraryFindsTheElfByBuildIdInTheSearchPath() throws IOException {
        String id = ElfSymbols.read(elf).buildIdHex();
        ElfLibrary lib = ElfLibrary.of(List.of(tmp.resolve("elfs")));
        assertThat(lib.find(id)).isEqualTo(elf);
        assertThat(lib.symbolize(id, faultHere + 2)).isEqualTo("fault_here+0x2");
        assertThat(lib.symbolize("00".repeat(20), faultHere)).isNull();
    }

    @Test
    void apFaultFindingNamesTheSymbol() throws IOException {
        byte[] id = HexFormat.of().parseHex(ElfSymbols.read(elf).buildIdHex());
        Path trace = GeneratedTraces.write(tmp.resolve("fault.pmdt"), 3, s -> {
            GeneratedTraces.healthy(s, 20, 3);
            s.apFault(faultHere + 4, 6, id);
        });
        AnalysisSnapshot s = TraceFiles.analyze(trace,
                AnalysisConfig.defaults().withSymbolizer(ElfLibrary.of(List.of(tmp.resolve("elfs")))));
        assertThat(s.findings()).hasSize(1);
        assertThat(s.findings().get(0).summary()).contains("vector 6 (invalid opcode)", "in fault_here+0x4");
        ReportCliTest.Run r = ReportCliTest.run("report", trace.toString(), "--elf-path", tmp.resolve("elfs").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("AP_FAULT", "fault_here+0x4");
    }

    @Test
    void faultWithoutBuildIdUsesTheHeadersApKernelBuildId() throws IOException {
        byte[] id = HexFormat.of().parseHex(ElfSymbols.read(elf).buildIdHex());
        Path trace = GeneratedTraces.write(tmp.resolve("fault2.pmdt"), 3, id, s -> s.apFault(faultHere, 14, new byte[20]));
        AnalysisSnapshot s = TraceFiles.analyze(trace,
                AnalysisConfig.defaults().withSymbolizer(ElfLibrary.of(List.of(tmp.resolve("elfs")))));
        assertThat(s.findings().get(0).summary()).contains("in fault_here+0x0");
    }
}
