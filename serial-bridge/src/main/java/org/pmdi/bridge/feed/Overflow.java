package org.pmdi.bridge.feed;

/** What the feed does with an item for a subscriber whose queue is full. */
public enum Overflow {
    /**
     * Drop it for that subscriber (counted, and reported at its place in the stream): the
     * reader never waits, for live inputs whose data is gone if not read in time.
     */
    DROP,
    /**
     * Wait until the subscriber makes room (or closes): lossless, for inputs that keep their
     * data while the reader waits (a file, a replay). The reader, the recording and the other
     * subscribers wait too.
     */
    WAIT
}
