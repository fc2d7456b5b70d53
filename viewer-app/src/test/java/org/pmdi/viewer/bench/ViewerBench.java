package org.pmdi.viewer.bench;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.pmdi.bridge.BridgeState;
import org.pmdi.viewer.data.OpenedTrace;
import org.pmdi.viewer.live.AttachSpec;
import org.pmdi.viewer.live.LiveSession;
import org.pmdi.viewer.live.LiveTimelineModel;
import org.pmdi.viewer.timeline.FileTimelineModel;
import org.pmdi.viewer.timeline.TimelineView;
import org.pmdi.viewer.timeline.Viewport;

/**
 * The viewer's figures ({@code ./pmdi bench viewer}): open a large trace to the first drawn
 * timeline, timeline frame times (full zoom-out and while zooming), and live latency from a
 * pty write to the frame that shows it. Needs a display (the script uses xvfb-run).
 *
 * <pre>{@code
 * java -Xmx512m -cp ... org.pmdi.viewer.bench.ViewerBenchLauncher build/viewer/bench-1g.pmdt
 * }</pre>
 */
public final class ViewerBench extends Application {
    private Stage stage;
    private TimelineView view;

    @Override
    public void start(Stage s) {
        stage = s;
        view = new TimelineView();
        stage.setScene(new Scene(new StackPane(view), 1400, 520));
        stage.setTitle("pmdi viewer bench");
        stage.show();
        Thread t = new Thread(() -> {
            int rc = 0;
            try {
                run(Path.of(getParameters().getRaw().get(0)));
            } catch (Throwable e) {
                e.printStackTrace();
                rc = 1;
            }
            int code = rc;
            Platform.runLater(() -> {
                Platform.exit();
                System.exit(code);
            });
        }, "bench");
        t.setDaemon(true);
        t.start();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(120, TimeUnit.SECONDS);
    }

    private void run(Path trace) throws Exception {
        System.out.printf("# viewer bench: %s (%,d bytes), max heap %d MiB%n", trace, Files.size(trace),
                Runtime.getRuntime().maxMemory() >> 20);
        ExecutorService pool = Executors.newFixedThreadPool(1);
        long[] peakUsed = new long[1];
        Thread sampler = new Thread(() -> {
            Runtime rt = Runtime.getRuntime();
            while (!Thread.currentThread().isInterrupted()) {
                peakUsed[0] = Math.max(peakUsed[0], rt.totalMemory() - rt.freeMemory());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        // warm the JIT on a small trace, then measure a cold open of the big one
        Path small = Files.createTempFile("pmdi-bench-warm", ".pmdt");
        SyntheticTrace.write(small, SyntheticTrace.Spec.healthy());
        for (int i = 0; i < 3; i++) {
            OpenedTrace w = OpenedTrace.open(small);
            fx(() -> {
                view.setModel(new FileTimelineModel(w, pool), w.header());
                view.redrawNow();
                return stage.getScene().snapshot(null);
            });
            w.close();
        }
        long t0 = System.nanoTime();
        OpenedTrace t = OpenedTrace.open(trace);
        long t1 = System.nanoTime();
        fx(() -> {
            view.setModel(new FileTimelineModel(t, pool), t.header());
            view.redrawNow();
            return stage.getScene().snapshot(null);   // forces rendering of the frame
        });
        long t2 = System.nanoTime();
        System.out.printf("open %,d MiB trace to first drawn timeline: %.0f ms (open + index %.0f ms, first "
                + "frame incl. rendering %.0f ms); %,d events, %,d buckets%n", t.sizeBytes() >> 20, (t2 - t0) / 1e6,
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, t.totalEvents(), t.index().bucketCount());
        // warm the JIT on the zoomed-out and zooming paths of this trace, then measure
        long totalNs = t.durationNs();
        for (int i = 0; i < 200; i++) {
            double f = Math.pow(20_000, (i % 100) / 99.0);
            long span = (long) (totalNs / f);
            Viewport wv = Viewport.of(totalNs / 5 - span / 2, totalNs / 5 + span / 2, 1);
            fx(() -> {
                view.setViewport(wv);
                view.redrawNow();
                return null;
            });
        }
        fx(() -> {
            view.zoomToFit();
            view.frameStats().clear();
            return null;
        });
        for (int i = 0; i < 200; i++) {
            fx(() -> {
                view.zoomToFit();
                view.markDirty();
                view.redrawNow();
                return null;
            });
        }
        long[] full = fx(() -> new long[] {view.frameStats().percentileTotalNs(50),
            view.frameStats().percentileTotalNs(99), view.frameStats().percentileBuildNs(99),
            view.frameStats().percentileDrawNs(99)});
        long fullRender = renderP99(30);
        System.out.printf("frame (draw-list build + draw) at full zoom-out, 200 frames: p50 %.2f ms, p99 %.2f ms "
                + "(build p99 %.2f, draw p99 %.2f); with rasterization (scene snapshot) p99 %.2f ms%n", full[0] / 1e6,
                full[1] / 1e6, full[2] / 1e6, full[3] / 1e6, fullRender / 1e6);
        // zooming in to 1/20 000 of the trace around its middle and back out, one frame per step
        fx(() -> {
            view.frameStats().clear();
            return null;
        });
        long total = t.durationNs();
        List<Long> decode = new ArrayList<>();
        for (int dir = 0; dir < 2; dir++) {
            for (int i = 0; i < 300; i++) {
                int step = dir == 0 ? i : 299 - i;
                double f = Math.pow(20_000, step / 299.0);
                long span = (long) (total / f);
                long mid = total / 2;
                Viewport v = Viewport.of(mid - span / 2, mid + span / 2, 1);
                fx(() -> {
                    view.setViewport(v);
                    view.redrawNow();
                    return null;
                });
                Thread.sleep(4);
            }
        }
        long[] zoom = fx(() -> new long[] {view.frameStats().percentileTotalNs(50),
            view.frameStats().percentileTotalNs(99), view.frameStats().percentileBuildNs(99),
            view.frameStats().percentileDrawNs(99)});
        // time to a detailed frame after a deep zoom (window decode in the background)
        for (long span : new long[] {total / 2000, total / 20_000}) {
            long mid = total / 3 + span * decode.size();
            long s0 = System.nanoTime();
            fx(() -> {
                view.setViewport(Viewport.of(mid, mid + span, 1));
                view.redrawNow();
                return null;
            });
            while (!fx(() -> view.lastData().windowCovers(mid, mid + span))
                    && System.nanoTime() - s0 < 30_000_000_000L) {
                fx(() -> {
                    view.redrawNow();
                    return null;
                });
                Thread.sleep(2);
            }
            decode.add(System.nanoTime() - s0);
        }
        System.out.printf("frame while zooming (600 frames, 20 000x in and out): p50 %.2f ms, p99 %.2f ms "
                + "(build p99 %.2f, draw p99 %.2f); decoded window drawn after a jump to "
                + "1/2000 and 1/20 000 of the trace: %s ms (decoded in the background, summaries meanwhile)%n", zoom[0] / 1e6, zoom[1] / 1e6, zoom[2] / 1e6, zoom[3] / 1e6, decode.stream().map(x -> String.format("%.0f", x / 1e6)).toList());
        sampler.interrupt();
        System.out.printf("heap: peak used %d MiB (sampled every 5 ms) of %d MiB max%n", peakUsed[0] >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        t.close();
        pool.shutdownNow();
        // the board's serial line (115200 baud, ~11.5 KB/s), then a stress rate of ~1 MB/s
        live("at the serial line's rate (11.5 KB/s, 10 s)", 11_520, 256, 115_200);
        live("stress (~1 MB/s)", 1_000_000, 4096, Integer.MAX_VALUE);
        Files.deleteIfExists(small);
    }

    private long renderP99(int n) throws Exception {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            long a = System.nanoTime();
            fx(() -> {
                view.markDirty();
                view.redrawNow();
                return stage.getScene().snapshot(null);
            });
            ts[i] = System.nanoTime() - a;
        }
        Arrays.sort(ts);
        return ts[(int) Math.ceil(n * 0.99) - 1];
    }

    /**
     * Live: frames written into one end of a socat pty pair at {@code bytesPerSecond} in chunks
     * of about {@code chunkBytes} (cut at frame ends), at most {@code maxBytes}; the viewer is
     * attached at the other end through serial-bridge.
     */
    private void live(String what, int bytesPerSecond, int chunkBytes, int maxBytes) throws Exception {
        Path dir = Files.createTempDirectory("pmdi-bench-live");
        Path a = dir.resolve("board");
        Path b = dir.resolve("feeder");
        Process socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        try {
            for (int i = 0; i < 100 && !(Files.exists(a) && Files.exists(b)); i++) {
                Thread.sleep(50);
            }
            byte[] full = SyntheticTrace.streamBytes(SyntheticTrace.Spec.small());
            int cut = full.length;
            if (maxBytes < full.length) {
                cut = maxBytes;
                while (cut < full.length && full[cut - 1] != 0) {
                    cut++;
                }
            }
            byte[] stream = Arrays.copyOf(full, cut);
            // cut the stream at frame delimiters into ~4 KiB chunks; count the events up to each
            List<int[]> chunks = new ArrayList<>();
            int start = 0;
            for (int i = 1; i < stream.length; i++) {
                if (stream[i] == 0 && (i + 1 - start >= chunkBytes || i == stream.length - 1)) {
                    chunks.add(new int[] {start, i + 1});
                    start = i + 1;
                }
            }
            if (start < stream.length) {
                chunks.add(new int[] {start, stream.length});
            }
            long[] cumEvents = new long[chunks.size()];
            org.pmdi.trace.codec.StreamDecoder d = org.pmdi.trace.codec.StreamDecoder.create(
                    new org.pmdi.trace.codec.TraceVisitor() {
                        public void onEvent(int s, long q, int ty, long ts, long r, long[] ar, int n) {
                        }

                        public void onBlob(int s, long q, int ty, long ts, long r, byte[] bu, int o, int l) {
                        }
                    });
            for (int i = 0; i < chunks.size(); i++) {
                d.push(stream, chunks.get(i)[0], chunks.get(i)[1] - chunks.get(i)[0]);
                cumEvents[i] = d.stats().events();
            }
            long[] written = new long[chunks.size()];
            long[] drawn = new long[chunks.size()];
            Path rec = dir.resolve("live.pmdt");
            LiveSession s = LiveSession.start(AttachSpec.parse("serial:" + a), rec);
            LiveTimelineModel m = new LiveTimelineModel(s.store());
            fx(() -> {
                view.setModel(m, null);
                view.viewportProperty().set(Viewport.of(0, org.pmdi.viewer.app.SessionController.LIVE_SPAN_NS,
                        view.viewportProperty().get().widthPx()));
                view.setFollow(true);
                view.setOnDrawn(() -> {
                    long now = System.nanoTime();
                    long n = m.builtCount();
                    for (int i = 0; i < cumEvents.length && cumEvents[i] <= n; i++) {
                        if (drawn[i] == 0 && written[i] != 0) {
                            drawn[i] = now;
                        }
                    }
                });
                return null;
            });
            for (int i = 0; i < 100 && s.stats().state() != BridgeState.CONNECTED; i++) {
                Thread.sleep(20);
            }
            try (OutputStream out = Files.newOutputStream(b)) {
                long next = System.nanoTime();
                for (int i = 0; i < chunks.size(); i++) {
                    int[] c = chunks.get(i);
                    written[i] = System.nanoTime();
                    out.write(stream, c[0], c[1] - c[0]);
                    out.flush();
                    next += (long) (c[1] - c[0]) * 1_000_000_000L / bytesPerSecond;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    }
                }
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (drawn[drawn.length - 1] == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<Long> lat = new ArrayList<>();
            for (int i = 0; i < drawn.length; i++) {
                if (drawn[i] != 0) {
                    lat.add(drawn[i] - written[i]);
                }
            }
            lat.sort(null);
            long frameP99 = fx(() -> view.frameStats().percentileTotalNs(99));
            fx(() -> {
                view.setOnDrawn(null);
                view.frameStats().clear();
                return null;
            });
            System.out.printf("live %s: pty write -> drawn, %d chunks of ~%d B, %,d events: p50 %.1f ms, "
                    + "p99 %.1f ms, max %.1f ms; live frame p99 %.1f ms; lost %d, corrupt %d, dropped at the viewer %d%n",
                    what, lat.size(), chunkBytes, cumEvents[cumEvents.length - 1], lat.get(lat.size() / 2) / 1e6,
                    lat.get((int) Math.ceil(lat.size() * 0.99) - 1) / 1e6, lat.get(lat.size() - 1) / 1e6,
                    frameP99 / 1e6, s.stats().lost(), s.stats().corrupt(), s.feedDropped());
            s.close();
        } finally {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
