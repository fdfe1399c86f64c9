package org.trapstream.serving;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import org.bytedeco.javacpp.Pointer;

/**
 * ND4J's memory outside the Java heap, as JavaCPP accounts for it: what the roles that hold networks (classifier,
 * trainer) use beside the heap, and the limit JavaCPP enforces ({@code -Dorg.bytedeco.javacpp.maxbytes}). The JVM's
 * own meters see none of it.
 */
public final class NativeMemoryMetrics {

    public static void bindTo(MeterRegistry registry) {
        Gauge.builder("camtrap.nd4j.off.heap.used", Pointer::totalBytes)
            .description("Off-heap bytes JavaCPP allocated for ND4J's arrays and workspaces")
            .baseUnit(BaseUnits.BYTES)
            .register(registry);
        Gauge.builder("camtrap.nd4j.off.heap.max", Pointer::maxBytes)
            .description("Off-heap bytes JavaCPP allows before it refuses to allocate")
            .baseUnit(BaseUnits.BYTES)
            .register(registry);
    }

    private NativeMemoryMetrics() {
    }
}
