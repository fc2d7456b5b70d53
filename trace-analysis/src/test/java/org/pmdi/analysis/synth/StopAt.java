package org.pmdi.analysis.synth;

/**
 * Where a generated request stops (for traces that exhibit one stuck situation).
 *
 * <pre>{@code
 * script.request(3, Op.READ.code(), 4096, driverCycles, StopAt.IN_DRIVER);
 * }</pre>
 */
public enum StopAt {
    /** The whole data path. */
    NONE,
    /** REQ_POST only: the AP never rings the doorbell. */
    NO_DOORBELL,
    /** Doorbell sent, Linux never takes the interrupt. */
    DOORBELL_LOST,
    /** Doorbell sent and taken by Linux, never dispatched (backlog). */
    NOT_DISPATCHED,
    /** DRV_BEGIN without DRV_END. */
    IN_DRIVER,
    /** Completion posted and signalled, the AP never takes it. */
    NOT_TAKEN
}
