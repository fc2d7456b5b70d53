package org.pmdi.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.bridge.TestTraces;
import org.pmdi.bridge.transport.Connection;
import org.pmdi.bridge.transport.FileTransport;
import org.pmdi.bridge.transport.Transport;
import org.pmdi.trace.GapReason;

/** {@code attach --events} with an output slower than the input: never a silent loss. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AttachEventsTest {
    /** 6 events a request, plus the session header: more items than the printer's queue holds. */
    private static final int REQUESTS = 20_000;
    private static final int ITEMS = 6 * REQUESTS + 1;

    @TempDir
    Path dir;

    private static Session.Settings printEvents() {
        return new Session.Settings(null, false, 50, 0, true, true, 1000);
    }

    @Test
    void aFileIsPrintedWholeHowEverSlowTheOutput() throws Exception {
        assertThat(ITEMS).isGreaterThan(EventPrinter.CAPACITY);
        Path in = dir.resolve("in.pmdt");
        Files.write(in, TestTraces.stream(TestTraces.requests(REQUESTS, 100)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // slow: a pause every few thousand lines, long enough for the reader to fill the queue
        OutputStream slow = new OutputStream() {
            private long lines;

            @Override
            public void write(int b) {
                bytes.write(b);
                if (b == '\n' && ++lines % 20_000 == 0) {
                    pause(200);
                }
            }
        };
        int exit = Session.run(FileTransport.of(in), printEvents(), new PrintStream(slow, true, StandardCharsets.UTF_8),
                new PrintStream(OutputStream.nullOutputStream()));
        assertThat(exit).isZero();
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(ITEMS).noneMatch(l -> l.startsWith("#"));
    }

    @Test
    void aLiveInputThatOutrunsTheOutputSaysHowManyWereDroppedAndWhere() throws Exception {
        byte[] stream = TestTraces.stream(TestTraces.requests(REQUESTS, 100));
        CountDownLatch inputEnded = new CountDownLatch(1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // the output takes nothing until the whole input was read: the queue overflows for sure
        OutputStream stalled = new OutputStream() {
            @Override
            public void write(int b) {
                try {
                    inputEnded.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                bytes.write(b);
            }
        };
        int exit = Session.run(new LiveBytes(stream, inputEnded), printEvents(),
                new PrintStream(stalled, true, StandardCharsets.UTF_8), new PrintStream(OutputStream.nullOutputStream()));
        assertThat(exit).isZero();
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> notes = lines.stream().filter(l -> l.startsWith("#")).toList();
        assertThat(notes).isNotEmpty().allMatch(l -> l.matches("# \\d+ events dropped \\(consumer too slow\\)"));
        long dropped = notes.stream().mapToLong(l -> Long.parseLong(l.split(" ")[1])).sum();
        long printed = lines.size() - notes.size();
        assertThat(dropped).isPositive();
        assertThat(printed + dropped).isEqualTo(ITEMS);
        // everything after the queue's first fill was dropped in one run, told after the last item printed
        assertThat(lines.get(lines.size() - 1)).isEqualTo(EventPrinter.droppedLine(dropped));
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A live input (its data is gone if not read): the bytes, as fast as the bridge reads. */
    private record LiveBytes(byte[] data, CountDownLatch ended) implements Transport {
        @Override
        public Connection open() {
            return new Connection() {
                private int at;

                @Override
                public int read(byte[] b, int off, int len) {
                    if (at == data.length) {
                        ended.countDown();
                        return -1;
                    }
                    int n = Math.min(len, data.length - at);
                    System.arraycopy(data, at, b, off, n);
                    at += n;
                    return n;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public boolean reconnectable() {
            return false;
        }

        @Override
        public GapReason gapReason() {
            return GapReason.READ_ERROR;
        }

        @Override
        public String describe() {
            return "live bytes";
        }
    }
}
