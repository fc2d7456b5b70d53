package org.pmdi.trace;

/**
 * A SOURCE entry of the session header: one trace ring and who writes it.
 *
 * <pre>{@code
 * Source s = Source.of(1, Side.LINUX.code(), 0, 0, 4096);
 * boolean ap = s.sideEnum() == Side.AP;
 * }</pre>
 *
 * @param source    0..255, the id used in EVENTS frames
 * @param side      0..255 ({@link Side} names 0 and 1)
 * @param cpu       0..65535
 * @param apicId    0..2^32-1
 * @param ringSlots 0..2^32-1, trace ring capacity in 16-byte slots
 */
public record Source(int source, int side, int cpu, long apicId, long ringSlots) {
    public Source {
        Checks.range("source", source, 0, 255);
        Checks.range("side", side, 0, 255);
        Checks.range("cpu", cpu, 0, 65535);
        Checks.range("apicId", apicId, 0, 0xffffffffL);
        Checks.range("ringSlots", ringSlots, 0, 0xffffffffL);
    }

    public static Source of(int source, int side, int cpu, long apicId, long ringSlots) {
        return new Source(source, side, cpu, apicId, ringSlots);
    }

    /** The side, or null for a code this version does not know. */
    public Side sideEnum() {
        return Side.fromCode(side);
    }
}
