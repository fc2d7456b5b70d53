package org.pmdi.viewer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewerArgsTest {
    @Test
    void compareNamesTheSecondTrace() {
        ViewerArgs a = ViewerArgs.parse(List.of("base.pmdt", "--compare", "new.pmdt"));
        assertThat(a.trace()).isEqualTo(Path.of("base.pmdt"));
        assertThat(a.compare()).isEqualTo(Path.of("new.pmdt"));
        assertThat(ViewerArgs.parse(List.of("--compare", "new.pmdt", "base.pmdt")).trace())
                .isEqualTo(Path.of("base.pmdt"));
        assertThat(ViewerArgs.parse(List.of("base.pmdt")).compare()).isNull();
    }

    @Test
    void compareNeedsABaseAndAValue() {
        assertThatThrownBy(() -> ViewerArgs.parse(List.of("--compare", "new.pmdt")))
                .hasMessageContaining("--compare needs a trace");
        assertThatThrownBy(() -> ViewerArgs.parse(List.of("base.pmdt", "--compare")))
                .hasMessageContaining("--compare needs a value");
    }
}
