package org.pmdi.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Requests posted and not done, counted locally. */
class OutstandingRequestsTest {
    @Test
    void postAddsDoneRemovesNewSessionForgets() {
        OutstandingRequests o = new OutstandingRequests();
        o.onSession(1);
        o.onEvent(OutstandingRequests.REQ_POST, 7);
        o.onEvent(OutstandingRequests.REQ_POST, 8);
        o.onEvent(6, 7);
        o.onEvent(OutstandingRequests.REQ_POST, 0);
        assertThat(o.count()).isEqualTo(2);
        o.onEvent(OutstandingRequests.REQ_DONE, 7);
        o.onEvent(OutstandingRequests.REQ_DONE, 99);
        assertThat(o.count()).isEqualTo(1);
        o.onSession(1);
        assertThat(o.count()).isEqualTo(1);
        o.onSession(2);
        assertThat(o.count()).isZero();
    }
}
