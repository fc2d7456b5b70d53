package org.pmdi.analysis.findings;

/** How bad a {@link Finding} is: ERROR fails a CI run, WARNING and INFO do not by themselves. */
public enum Severity {
    ERROR,
    WARNING,
    INFO
}
