package org.trapstream.serving;

import java.util.Locale;
import java.util.Properties;

import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts ND4J the way Trapstream needs it: on the CPU with oneDNN doing the convolutions.
 *
 * <p>DL4J 1.0.0-M2.1 creates no layer helpers at all unless the system property
 * {@value #HELPERS_DISABLE} is {@code false} (its default is {@code true}), and then finds oneDNN only through
 * the {@link org.nd4j.nativeblas.Nd4jCpu} shim in this module. An operator can still switch the helpers off
 * by setting the property to {@code true} on the command line; {@link #init()} respects an explicit value.
 *
 * <p>Threads: ND4J's own operations and oneDNN (convolutions, batch norm) run on ND4J's OpenMP threads, one per
 * core unless {@code OMP_NUM_THREADS} says otherwise. Only the small dense layers reach OpenBLAS, whose thread
 * pool busy-waits (in {@code sched_yield}) for about a tenth of a second after every call: under a steady
 * stream that cost the classifier 0.8 ms of CPU per image, two thirds of what its inference took. OpenBLAS therefore runs on
 * the calling thread, unless an operator sets {@code OPENBLAS_NUM_THREADS} (say, to train a net with large
 * dense layers such as VGG16).
 */
public final class Backend {

    /** Read by DL4J each time a layer is created; {@code true} turns every oneDNN/cuDNN helper off. */
    public static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
    /** OpenBLAS's own setting, read by OpenBLAS when it loads; when present, Trapstream leaves BLAS threads alone. */
    static final String BLAS_THREADS_ENV = "OPENBLAS_NUM_THREADS";

    private static final Logger LOG = LoggerFactory.getLogger(Backend.class);
    private static volatile JsonObject description;

    private Backend() {
    }

    /** Idempotent. Call before the first ND4J or DL4J use. */
    public static synchronized void init() {
        if (description != null) {
            return;
        }
        if (System.getProperty(HELPERS_DISABLE) == null) {
            System.setProperty(HELPERS_DISABLE, "false");
        }
        if (System.getenv(BLAS_THREADS_ENV) == null) {
            Nd4j.factory().blas().setMaxThreads(1);
        }
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = env.getProperty("backend", "unknown").toLowerCase(Locale.ROOT);
        boolean helpersOn = !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLE));
        boolean oneDnn = "cpu".equals(backend) && helpersOn && BaseMKLDNNHelper.mklDnnEnabled();
        description = new JsonObject()
            .put("backend", backend)
            .put("device", device(backend, env))
            .put("onednn", oneDnn);
        if ("cpu".equals(backend) && !oneDnn) {
            LOG.warn("ND4J runs on the CPU without oneDNN (helpers {}): convolutions will be several times slower",
                helpersOn ? "enabled but oneDNN not found" : "disabled by -D" + HELPERS_DISABLE + "=true");
        }
        LOG.info("ND4J backend: {}", description.encode());
    }

    /** {@code {"backend": "cpu"|"cuda", "device": "...", "onednn": true|false}}; initialises if needed. */
    public static JsonObject describe() {
        init();
        return description.copy();
    }

    private static String device(String backend, Properties env) {
        if ("cuda".equals(backend)) {
            Object devices = env.get("cuda.devicesInformation");
            return devices == null ? "cuda" : devices.toString();
        }
        return System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
            + env.getOrDefault("omp.threads", "?") + " ND4J threads, " + Nd4j.factory().blas().getMaxThreads()
            + " BLAS thread(s)";
    }
}
