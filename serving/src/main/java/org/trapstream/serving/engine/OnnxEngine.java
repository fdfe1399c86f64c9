package org.trapstream.serving.engine;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.serving.NetworkIo;

/**
 * ONNX Runtime: the engine of imported networks (PyTorch and TensorFlow exports), on the CPU, or on CUDA when the
 * {@code onnxruntime_gpu} build is on the class path and sees a GPU. One session per loaded version, shared by
 * every inference thread's copy (a session's {@code run} is thread-safe) and closed with the last copy; each
 * run computes on the calling thread plus {@code intraOpThreads - 1} helpers.
 */
public final class OnnxEngine implements InferenceEngine {

    public static final String NAME = "onnxruntime";

    private static final Logger LOG = LoggerFactory.getLogger(OnnxEngine.class);

    private final OrtEnvironment environment;
    private final int intraOpThreads;
    private final boolean cuda;

    public OnnxEngine(int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("ONNX Runtime needs at least one thread: " + intraOpThreads);
        }
        this.environment = OrtEnvironment.getEnvironment();
        this.intraOpThreads = intraOpThreads;
        this.cuda = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        LOG.info("ONNX Runtime {}: {}", environment.getVersion(), describe().encode());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JsonObject describe() {
        return new JsonObject()
            .put("engine", NAME)
            .put("version", environment.getVersion())
            .put("backend", cuda ? "cuda" : "cpu")
            .put("device", cuda ? "cuda:0" : System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores")
            .put("threads", intraOpThreads);
    }

    @Override
    public Network load(Path file, NetworkIo io) throws IOException {
        try {
            OrtSession session = environment.createSession(file.toString(), options(intraOpThreads, cuda));
            try {
                Bound bound = Bound.check(session, io);
                return new OnnxNetwork(new Shared(session, bound), environment);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime cannot load " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * How sessions are made here, for the engine and for the conformance suite alike: every graph optimisation,
     * sequential execution, a fixed number of intra-op threads.
     */
    public static OrtSession.SessionOptions options(int intraOpThreads, boolean cuda) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(1);
        if (cuda) {
            options.addCUDA(0);
        }
        return options;
    }

    /**
     * The session's input and output names, checked against what the version's metadata says.
     *
     * @param features the feature output, or null where the version names none
     */
    private record Bound(String input, String output, String features) {

        static Bound check(OrtSession session, NetworkIo io) throws OrtException {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            String input = pick("input", io.inputName(), inputs);
            String output = pick("output", io.outputName(), outputs);
            String features = io.featureOutput() == null ? null : pick("output", io.featureOutput(), outputs);
            if (!(inputs.get(input).getInfo() instanceof TensorInfo tensor) || tensor.getShape().length != 4) {
                throw new IllegalArgumentException("input " + input + " is not a 4-dimensional tensor: "
                    + inputs.get(input).getInfo());
            }
            return new Bound(input, output, features);
        }

        private static String pick(String what, String named, Map<String, NodeInfo> available) {
            if (named != null) {
                if (!available.containsKey(named)) {
                    throw new IllegalArgumentException("the network has no " + what + " named " + named
                        + "; its " + what + "s are " + available.keySet());
                }
                return named;
            }
            if (available.size() != 1) {
                throw new IllegalArgumentException("the network has " + available.size() + " " + what
                    + "s " + available.keySet() + ": name the one to use");
            }
            return available.keySet().iterator().next();
        }
    }

    /** A session and the copies that use it; the last copy to close closes it. */
    private static final class Shared {
        private final OrtSession session;
        private final Bound bound;
        private final AtomicInteger users = new AtomicInteger(1);

        Shared(OrtSession session, Bound bound) {
            this.session = session;
            this.bound = bound;
        }

        void release() {
            if (users.decrementAndGet() == 0) {
                try {
                    session.close();
                } catch (OrtException e) {
                    LOG.warn("Closing an ONNX Runtime session: {}", e.getMessage());
                }
            }
        }
    }

    private static final class OnnxNetwork implements Network {
        private final Shared shared;
        private final OrtEnvironment environment;
        private boolean closed;

        OnnxNetwork(Shared shared, OrtEnvironment environment) {
            this.shared = shared;
            this.environment = environment;
        }

        @Override
        public float[][] run(InputBatch batch) {
            return run(batch, false).scores();
        }

        @Override
        public Outputs runWithFeatures(InputBatch batch) {
            if (shared.bound.features() == null) {
                throw new IllegalStateException("the version names no feature output (output.features)");
            }
            return run(batch, true);
        }

        /** One session run for the output and, when asked, the feature output beside it. */
        private Outputs run(InputBatch batch, boolean withFeatures) {
            Bound bound = shared.bound;
            Set<String> wanted = withFeatures ? Set.of(bound.output(), bound.features()) : Set.of(bound.output());
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(batch.values()), batch.shape());
                 OrtSession.Result result = shared.session.run(Map.of(bound.input(), tensor), wanted)) {
                float[][] scores = rows(result.get(bound.output()).orElseThrow(), batch.images());
                return new Outputs(scores,
                    withFeatures ? rows(result.get(bound.features()).orElseThrow(), batch.images()) : null);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed on a batch of " + Arrays.toString(batch.shape())
                    + ": " + e.getMessage(), e);
            }
        }

        /** The output as one row per image, whatever trailing dimensions of size 1 it has ([n, k, 1, 1] too). */
        private static float[][] rows(OnnxValue value, int images) throws OrtException {
            if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != OnnxJavaType.FLOAT) {
                throw new IllegalStateException("the network's output is not a float tensor: " + value.getInfo());
            }
            TensorInfo info = tensor.getInfo();
            long[] shape = info.getShape();
            FloatBuffer values = tensor.getFloatBuffer();
            if (shape.length == 0 || shape[0] != images || values.remaining() % images != 0) {
                throw new IllegalStateException("the network's output has shape " + Arrays.toString(shape)
                    + " for " + images + " images");
            }
            int width = values.remaining() / images;
            float[][] rows = new float[images][width];
            for (float[] row : rows) {
                values.get(row);
            }
            return rows;
        }

        @Override
        public Network copy() {
            shared.users.incrementAndGet();
            return new OnnxNetwork(shared, environment);
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                shared.release();
            }
        }
    }
}
