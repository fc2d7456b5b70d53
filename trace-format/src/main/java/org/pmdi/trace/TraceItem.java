package org.pmdi.trace;

/**
 * One thing a decoded stream yields, in stream order: an event, a completed session header,
 * a recorder gap, or a frame the decoder could not use (a live reader must know where
 * records of any source may be missing).
 *
 * <pre>{@code
 * if (item instanceof TraceEvent e) { ... } else if (item instanceof SessionHeader h) { ... }
 * }</pre>
 */
public sealed interface TraceItem permits TraceEvent, SessionHeader, GapMark, BadFrame {
}
