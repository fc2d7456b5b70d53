package org.pmdi.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AttachSpecTest {
    @Test
    void parsesEveryKind() {
        assertThat(AttachSpec.parse("serial:/dev/pts/3@921600"))
                .isEqualTo(new AttachSpec.Serial(Path.of("/dev/pts/3"), 921600));
        assertThat(AttachSpec.parse("/dev/ttyUSB0")).isEqualTo(new AttachSpec.Serial(Path.of("/dev/ttyUSB0"), 115200));
        assertThat(AttachSpec.parse("tcp:127.0.0.1:4555")).isEqualTo(new AttachSpec.Tcp("127.0.0.1", 4555));
        assertThat(AttachSpec.parse("debugfs:localhost:4556").transport().describe()).contains("4556");
        assertThat(AttachSpec.parse("debugfs:/tmp/trace_pipe").transport().describe()).contains("/tmp/trace_pipe");
        assertThat(AttachSpec.parse("tcp:h:1").text()).isEqualTo("tcp:h:1");
    }

    @Test
    void portsOfferTheBoardsPtyLinkAndItsDebugfsForward(@org.junit.jupiter.api.io.TempDir Path build)
            throws Exception {
        Path run = java.nio.file.Files.createDirectories(build.resolve("board/run"));
        java.nio.file.Files.createSymbolicLink(run.resolve("trace.pty"), Path.of("/dev/pts/77"));
        java.nio.file.Files.writeString(run.resolve("board.env"), "MONITOR=x\nDEBUGFS_TCP=127.0.0.1:4600\n");
        assertThat(PortCatalog.list(build)).contains(run.resolve("trace.pty").toString());
        assertThat(PortCatalog.debugfsHint(build)).isEqualTo("127.0.0.1:4600");
        assertThat(PortCatalog.debugfsHint(build.resolve("nothing"))).isEqualTo("127.0.0.1:4556");
    }
}
