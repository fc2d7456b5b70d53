package org.pmdi.viewer.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pmdi.trace.EventType;
import org.pmdi.viewer.data.EventColumns;
import org.pmdi.viewer.timeline.WindowRequests;

class EventFilterTest {
    @Test
    void filtersByDeviceTypeRequestAndText() {
        EventColumns ev = EventColumns.builder(8)
                .add(10, 0, EventType.REQ_POST.id(), 1, 0, 1)
                .add(20, 0, EventType.REQ_POST.id(), 2, 1, 1)
                .add(30, 1, EventType.DRV_BEGIN.id(), 2, 1, 0)
                .add(40, 0, EventType.HEARTBEAT.id(), 0, 7, 0)
                .build();
        WindowRequests spans = WindowRequests.of(ev, 4);
        assertThat(EventFilter.all().apply(ev, spans, null, 100)).containsExactly(0, 1, 2, 3);
        assertThat(EventFilter.all().withDevice(1).apply(ev, spans, null, 100)).containsExactly(1, 2);
        assertThat(EventFilter.all().withType(EventType.REQ_POST.id()).apply(ev, spans, null, 100))
                .containsExactly(0, 1);
        assertThat(EventFilter.all().withReq(2).apply(ev, spans, null, 100)).containsExactly(1, 2);
        assertThat(EventFilter.all().withText("heartbeat").apply(ev, spans, null, 100)).containsExactly(3);
        assertThat(EventFilter.all().apply(ev, spans, null, 2)).hasSize(2);
    }
}
