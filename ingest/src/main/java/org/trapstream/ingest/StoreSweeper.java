package org.trapstream.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.metrics.Metrics;
import org.trapstream.image.store.ImageStore;
import org.trapstream.image.store.StoreRetention;

/**
 * Sweeps the image store every {@code interval} on a thread of its own ({@link StoreRetention}), so a long listing
 * never holds up the images coming in. Ingest runs it because ingest fills the store; every replica sweeps, which is
 * safe (a file another replica deleted first is skipped) and needs no leader. A sweep still running when the next
 * is due is not doubled: that turn is skipped.
 */
final class StoreSweeper extends VerticleBase {

    static final String SWEEP_THREAD = "trapstream-ingest-retention";

    private static final Logger LOG = LoggerFactory.getLogger(StoreSweeper.class);

    private final StoreRetention retention;
    private final Duration interval;
    private final Counter sweptImages;
    private final Counter sweptBytes;
    private final AtomicLong storedBytes = new AtomicLong();
    private final AtomicLong storedImages = new AtomicLong();
    private WorkerExecutor thread;
    private long timer;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    StoreSweeper(ImageStore store, StoreRetention.Policy policy, Duration interval, MeterRegistry registry) {
        this.retention = new StoreRetention(store, policy, Clock.systemUTC());
        this.interval = interval;
        sweptImages = Metrics.counter(registry, "camtrap.image.store.swept", "Images the retention sweep deleted");
        sweptBytes = Metrics.counter(registry, "camtrap.image.store.swept.bytes",
            "Bytes of images the retention sweep deleted");
        Gauge.builder("camtrap.image.store.size", storedBytes, AtomicLong::get)
            .description("Total size of the stored images at the last retention sweep")
            .baseUnit(BaseUnits.BYTES)
            .register(registry);
        Gauge.builder("camtrap.image.store.images", storedImages, AtomicLong::get)
            .description("Images stored at the last retention sweep")
            .register(registry);
    }

    @Override
    public Future<?> start() {
        thread = vertx.createSharedWorkerExecutor(SWEEP_THREAD, 1);
        timer = vertx.setPeriodic(interval.toMillis(), id -> sweep());
        return Future.succeededFuture();
    }

    /** Completes when the sweep is done; fails at once while another sweep is under way. */
    Future<StoreRetention.Sweep> sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return Future.failedFuture(new IllegalStateException("A sweep is under way"));
        }
        return thread.executeBlocking(retention::sweep)
            .onSuccess(this::record)
            .onFailure(e -> LOG.warn("Image store sweep failed: {}", e.toString()))
            .onComplete(done -> sweeping.set(false));
    }

    private void record(StoreRetention.Sweep sweep) {
        sweptImages.increment(sweep.sweptImages());
        sweptBytes.increment(sweep.sweptBytes());
        storedBytes.set(sweep.storedBytes());
        storedImages.set(sweep.images());
        LOG.info("Image store sweep: deleted {} images ({} bytes); {} images ({} bytes) remain, {} kept for labels "
            + "or review", sweep.sweptImages(), sweep.sweptBytes(), sweep.images(), sweep.storedBytes(), sweep.kept());
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return thread.close();
    }
}
