package org.trapstream.model;

import java.util.function.Supplier;
import org.trapstream.serving.Backend;

import io.vertx.core.json.JsonObject;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.trapstream.model.arch.SeedCnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * oneDNN is what makes CPU convolutions affordable, and DL4J M2.1 drops it silently: these tests fail when
 * the layers lose their oneDNN helpers.
 */
class BackendTest {

    private static final int SIZE = 64;
    private static final int BATCH = 16;

    @BeforeAll
    static void cpuBackend() {
        Backend.init();
        assumeTrue("cpu".equals(Backend.describe().getString("backend")), "oneDNN exists only on the CPU backend");
    }

    @Test
    void describesACpuBackendWithOneDnn() {
        JsonObject description = Backend.describe();

        assertEquals("cpu", description.getString("backend"));
        assertTrue(description.getBoolean("onednn"), description.encode());
        assertTrue(description.getString("device").contains("cores"), description.encode());
    }

    @Test
    void convolutionAndBatchNormLayersGetOneDnnHelpers() {
        MultiLayerNetwork network = SeedCnn.DEFAULT.build(SIZE, 6, 1e-3, 42);

        assertInstanceOf(MKLDNNConvHelper.class, ((ConvolutionLayer) network.getLayer(0)).getHelper());
        assertInstanceOf(MKLDNNBatchNormHelper.class, ((BatchNormalization) network.getLayer(1)).getHelper());
    }

    @Test
    void oneDnnComputesWhatTheBuiltInPathComputes() {
        INDArray images = Nd4j.rand(new long[] {BATCH, 3, SIZE, SIZE});
        MultiLayerNetwork builtIn = withHelpersDisabled(() -> SeedCnn.DEFAULT.build(SIZE, 6, 1e-3, 42));
        MultiLayerNetwork oneDnn = SeedCnn.DEFAULT.build(SIZE, 6, 1e-3, 42);
        assertNull(((ConvolutionLayer) builtIn.getLayer(0)).getHelper());

        double builtInMillis = millisPerBatch(builtIn, images);
        double oneDnnMillis = millisPerBatch(oneDnn, images);

        INDArray expected = builtIn.output(images, false);
        INDArray actual = oneDnn.output(images, false);
        assertTrue(expected.equalsWithEps(actual, 1e-4), "outputs differ");
        System.out.printf("SeedCnn.DEFAULT %dx%d, batch %d inference: built-in %.1f ms, oneDNN %.1f ms%n",
            SIZE, SIZE, BATCH, builtInMillis, oneDnnMillis);
    }

    private static MultiLayerNetwork withHelpersDisabled(Supplier<MultiLayerNetwork> build) {
        String before = System.getProperty(Backend.HELPERS_DISABLE);
        System.setProperty(Backend.HELPERS_DISABLE, "true");
        try {
            return build.get();
        } finally {
            System.setProperty(Backend.HELPERS_DISABLE, before);
        }
    }

    private static double millisPerBatch(MultiLayerNetwork network, INDArray images) {
        network.output(images, false);
        long start = System.nanoTime();
        int runs = 5;
        for (int i = 0; i < runs; i++) {
            network.output(images, false);
        }
        return (System.nanoTime() - start) / 1e6 / runs;
    }
}
