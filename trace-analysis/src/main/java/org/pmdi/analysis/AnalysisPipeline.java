package org.pmdi.analysis;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.pmdi.trace.GapMark;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.codec.StreamDecoder;
import org.pmdi.trace.codec.TraceVisitor;

/**
 * One analysis of a file on two threads: a thread of its own decodes the file and runs the
 * analysis's first stage ({@link RecordMapper}: the clock mapping and the loss accounting),
 * while the caller's thread runs the second (requests, statistics, findings, listeners) on
 * what it mapped. The two halves cost about the same, so each gets a core. Batches of mapped
 * records circulate between the threads through two small queues, so memory stays bounded (a
 * few batches) whatever the file's size; the analyzer ends in the same state as after a pass
 * on one thread ({@code AnalysisPipelineTest} checks it on every sample, on damaged traces and on
 * hostile ones; the hostile-record property on hundreds more).
 */
final class AnalysisPipeline {
    /** Bytes pushed at a time: a push's records at most overfill a batch by so much. */
    private static final int CHUNK = 1 << 14;
    /** Records per batch: the handovers cost little, and a batch stays in a core's cache. */
    private static final int BATCH = 4096;
    private static final int BATCHES = 4;

    /** The decoding thread's last word: the result, or what went wrong. */
    private record Done(TraceFiles.Read read, Throwable failure) {
    }

    /** The decoding thread was told to stop (the caller failed or was interrupted). */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }

    private final BlockingQueue<Object> full = new ArrayBlockingQueue<>(BATCHES + 1);
    private final BlockingQueue<MappedBatch> free = new ArrayBlockingQueue<>(BATCHES);
    private final Path path;
    private final RecordMapper mapper;
    /** The batch the decoding thread is filling (its alone). */
    private MappedBatch filling;

    private AnalysisPipeline(Path path, TraceAnalyzer analyzer) {
        this.path = path;
        this.mapper = analyzer.front();
        for (int i = 0; i < BATCHES - 1; i++) {
            free.add(MappedBatch.create(BATCH));
        }
        filling = MappedBatch.create(BATCH);
    }

    static TraceFiles.Read run(Path path, TraceAnalyzer analyzer) throws IOException {
        AnalysisPipeline p = new AnalysisPipeline(path, analyzer);
        Thread t = new Thread(p::decode, "pmdi-decode " + path.getFileName());
        t.setDaemon(true);
        t.start();
        boolean done = false;
        try {
            TraceFiles.Read r = p.replay(analyzer);
            done = true;
            joinQuietly(t); // its last word is sent: no thread outlives the pass
            return r;
        } finally {
            if (!done) {
                t.interrupt();
            }
        }
    }

    /** Waits for {@code t} to end, keeping an interrupt that comes meanwhile for the caller. */
    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The caller's side: the second stage of each batch, until the decoder's last word. */
    private TraceFiles.Read replay(TraceAnalyzer analyzer) throws IOException {
        try {
            while (true) {
                Object o = full.take();
                if (o instanceof MappedBatch b) {
                    b.replay(analyzer);
                    b.clear();
                    free.put(b);
                } else {
                    return result((Done) o);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(path + ": interrupted while it was read");
        }
    }

    private static TraceFiles.Read result(Done d) throws IOException {
        Throwable f = d.failure();
        if (f == null) {
            return d.read();
        }
        if (f instanceof IOException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (f instanceof RuntimeException e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
        throw new UncheckedIOException(new IOException(f));
    }

    /** The decoding thread. */
    private void decode() {
        Done done;
        try {
            StreamDecoder d = StreamDecoder.create(new FirstStage());
            TraceFiles.Read r = TraceFiles.read(path, d, CHUNK, this::afterPush);
            handOver();
            done = new Done(r, null);
        } catch (Cancelled c) {
            return;
        } catch (Throwable t) {
            done = new Done(null, t);
        }
        try {
            full.put(done);
        } catch (InterruptedException e) {
            // the caller has gone
        }
    }

    private void afterPush() {
        if (filling.isFull()) {
            handOver();
        }
    }

    private void handOver() {
        if (filling.isEmpty()) {
            return;
        }
        try {
            full.put(filling);
            filling = free.take();
        } catch (InterruptedException e) {
            throw new Cancelled();
        }
    }

    /** The decoder's visitor on the decoding thread: the first stage, into the batch being filled. */
    private final class FirstStage implements TraceVisitor {
        @Override
        public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
            RecordMapper m = mapper;
            if (m.map(source, seq, type, tsc, args)) {
                filling.addEvent(source, m.linux, type, m.ns, m.unc, req, args, nargs);
            }
        }

        @Override
        public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
            RecordMapper m = mapper;
            if (m.mapBlob(source, seq, type, tsc, buf, off, len)) {
                filling.addBlob(source, m.linux, type, m.ns, m.unc, req, buf, off, len, m.since, m.entries);
            }
        }

        @Override
        public void onHeader(SessionHeader header) {
            mapper.onHeader(header);
            filling.addHeader(header);
        }

        @Override
        public void onGap(GapMark gap) {
            mapper.onGap();
            filling.addGap();
        }

        @Override
        public void onBadFrame(boolean unknownKind, long offset) {
            mapper.onBadFrame();
        }
    }
}
