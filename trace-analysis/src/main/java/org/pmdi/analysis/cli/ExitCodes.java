package org.pmdi.analysis.cli;

/**
 * Exit codes of the CLI.
 *
 * <pre>{@code
 * ./pmdi report trace.pmdt || echo "failed with $?"
 * }</pre>
 */
public final class ExitCodes {
    /** Nothing wrong. */
    public static final int OK = 0;
    /**
     * Stuck requests, an AP fault, a silent AP, a channel Linux declared broken, driver errors
     * or malformed requests not excused by an error budget, or a broken budget.
     */
    public static final int FINDINGS = 1;
    /** Bad command line. */
    public static final int USAGE = 2;
    /** The trace could not be read or the output not written. */
    public static final int IO = 3;

    private ExitCodes() {
    }
}
