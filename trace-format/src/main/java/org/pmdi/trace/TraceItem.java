package org.pmdi.trace;

/**
 * One thing a decoded stream yields, in stream order: an event, a completed session header,
 * or a recorder gap.
 *
 * <pre>{@code
 * if (item instanceof TraceEvent e) { ... } else if (item instanceof SessionHeader h) { ... }
 * }</pre>
 */
public sealed interface TraceItem permits TraceEvent, SessionHeader, GapMark {
}
