package org.pmdi.analysis.findings;

/**
 * How bad a {@link Finding} is: ERROR fails a CI run (the report exits 1), WARNING and INFO
 * do not by themselves.
 *
 * <pre>{@code
 * boolean fails = finding.severity() == Severity.ERROR;
 * }</pre>
 */
public enum Severity {
    ERROR,
    WARNING,
    INFO
}
