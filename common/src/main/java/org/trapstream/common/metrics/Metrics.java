package org.trapstream.common.metrics;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The process's one meter registry. Trapstream's own meters are named {@code camtrap.<role>.<what>} with
 * base units, which Prometheus renders as {@code camtrap_<role>_<what>_seconds}, {@code ..._total} and so on.
 */
public final class Metrics {

    public static final String PREFIX = "camtrap";

    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Build build = Build.current();
        Gauge.builder(PREFIX + ".build.info", () -> 1)
            .description("The build this process runs (value always 1): Trapstream's version and commit, the Java version")
            .tag("version", build.version())
            .tag("revision", build.revision())
            .tag("java_version", Runtime.version().toString())
            .register(registry);
        return registry;
    }

    /**
     * The size and the free space of the file system holding {@code dataDir} (image store, model registry, labels),
     * as {@code camtrap_data_volume_size_bytes} and {@code camtrap_data_volume_free_bytes}: what an alert needs to
     * warn before the volume fills. Read at each scrape, from the nearest directory that exists (the roles create
     * {@code dataDir} as they start); NaN while none can be read.
     */
    public static void bindDataVolume(MeterRegistry registry, Path dataDir) {
        Gauge.builder(PREFIX + ".data.volume.size", dataDir, dir -> space(dir, FileStore::getTotalSpace))
            .description("Size of the file system holding the data directory")
            .baseUnit(BaseUnits.BYTES)
            .register(registry);
        Gauge.builder(PREFIX + ".data.volume.free", dataDir, dir -> space(dir, FileStore::getUsableSpace))
            .description("Space on the data directory's file system that this process may still write")
            .baseUnit(BaseUnits.BYTES)
            .register(registry);
    }

    private interface SpaceReading {
        long read(FileStore store) throws IOException;
    }

    private static double space(Path dataDir, SpaceReading reading) {
        for (Path dir = dataDir.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir)) {
                try {
                    return reading.read(Files.getFileStore(dir));
                } catch (IOException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }

    /**
     * The counter of {@code name} with these tags (key, value, key, value...), registered on first use; the same
     * counter on every later call, so a caller may look it up per event rather than hold one per tag value.
     */
    public static Counter counter(MeterRegistry registry, String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private Metrics() {
    }
}
