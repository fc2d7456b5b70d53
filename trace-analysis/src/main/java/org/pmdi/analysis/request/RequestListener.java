package org.pmdi.analysis.request;

/**
 * Receives each request when the tracker finalizes it (both sides seen, or given up).
 *
 * <pre>{@code
 * analyzer.addRequestListener(v -> { if (v.totalNs() > limit) slow.add(v.toRequest()); });
 * }</pre>
 *
 * Called on the feeding thread; the view is valid only during the call.
 */
@FunctionalInterface
public interface RequestListener {
    void onRequest(RequestView request);
}
