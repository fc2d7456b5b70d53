package org.pmdi.bridge;

import java.util.HashSet;
import java.util.Set;

/**
 * Counts requests posted and not yet done, from the events as they pass: a REQ_POST adds
 * its request id, a REQ_DONE removes it. A local, simple view for progress lines, not the
 * analysis: a lost REQ_DONE leaves its request counted until the same id is done again.
 *
 * <pre>{@code
 * OutstandingRequests o = new OutstandingRequests();
 * o.onEvent(type, req);
 * int n = o.count();
 * }</pre>
 *
 * A new session id forgets what was open. Request ids 0..2^32-1 (0, "no request", is ignored). At most 1 000 000 ids are kept: past
 * that the set is cleared (the count then restarts from what follows). Not thread-safe.
 */
final class OutstandingRequests {
    static final int REQ_POST = 1;
    static final int REQ_DONE = 10;
    private static final int LIMIT = 1_000_000;

    private final Set<Long> open = new HashSet<>();
    private long sessionId = -1;

    /** A session header: a new session (the board restarted) forgets the previous one's requests. */
    void onSession(long id) {
        if (id != sessionId) {
            sessionId = id;
            open.clear();
        }
    }

    void onEvent(int type, long req) {
        if (req == 0) {
            return;
        }
        if (type == REQ_POST) {
            if (open.size() >= LIMIT) {
                open.clear();
            }
            open.add(req);
        } else if (type == REQ_DONE) {
            open.remove(req);
        }
    }

    int count() {
        return open.size();
    }
}
