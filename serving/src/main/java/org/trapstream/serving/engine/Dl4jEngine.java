package org.trapstream.serving.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.trapstream.serving.Backend;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.NetworkIo;

/** Deeplearning4j on ND4J (CPU with oneDNN, or CUDA with {@code -Pcuda}): the engine of the networks trained here. */
public final class Dl4jEngine implements InferenceEngine {

    public static final String NAME = "dl4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JsonObject describe() {
        return new JsonObject().put("engine", NAME).mergeIn(Backend.describe());
    }

    @Override
    public Network load(Path file, NetworkIo io) throws IOException {
        Backend.init();
        return new Dl4jNetwork(Dl4jNetworks.restore(file));
    }

    /** A version's files for a DL4J network: the ModelSerializer zip, without updater state. */
    public static ModelRegistry.Contents contents(Model network) {
        return file -> ModelSerializer.writeModel(network, file.toFile(), false);
    }

    /** A network built or restored in this process, to serve as a loaded version's (tests, benchmarks). */
    public static Network network(Model model) {
        return new Dl4jNetwork(model);
    }

    /** The ND4J array of a batch, sharing nothing with it. */
    public static INDArray array(InputBatch batch) {
        return Nd4j.create(batch.values(), batch.shape(), 'c');
    }

    /**
     * DL4J serialises {@code output} per instance, hence one per thread; the instance being thread-confined, so
     * is its input array, which it fills in place rather than allocate and free off-heap memory on every batch.
     */
    private static final class Dl4jNetwork implements Network {

        private final Model model;
        /** Sized for the largest batch run so far; a smaller batch runs on a view of its first images. */
        private INDArray input;

        Dl4jNetwork(Model model) {
            this.model = model;
        }

        @Override
        public float[][] run(InputBatch batch) {
            return Dl4jNetworks.output(model, inputOf(batch)).toFloatMatrix();
        }

        @Override
        public Outputs runWithFeatures(InputBatch batch) {
            INDArray[] outputs = Dl4jNetworks.outputAndFeatures(model, inputOf(batch));
            return new Outputs(outputs[0].toFloatMatrix(), outputs[1].toFloatMatrix());
        }

        private INDArray inputOf(InputBatch batch) {
            long[] shape = batch.shape();
            if (input == null || input.size(0) < batch.images() || !sameImageShape(input.shape(), shape)) {
                release();
                input = Nd4j.create(DataType.FLOAT, shape, 'c');
            }
            // The first images of a C-order array are the start of its buffer: one bulk copy fills them.
            input.data().asNioFloat().put(batch.values());
            return input.size(0) == batch.images() ? input : input.get(NDArrayIndex.interval(0, batch.images()));
        }

        private static boolean sameImageShape(long[] a, long[] b) {
            return Arrays.equals(a, 1, a.length, b, 1, b.length);
        }

        @Override
        public Network copy() {
            return new Dl4jNetwork(Dl4jNetworks.copy(model));
        }

        /** Frees the input array now; ND4J releases the weights' off-heap memory when they become unreachable. */
        @Override
        public void close() {
            release();
        }

        private void release() {
            if (input != null) {
                input.close();
                input = null;
            }
        }
    }
}
