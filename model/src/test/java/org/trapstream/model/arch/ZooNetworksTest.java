package org.trapstream.model.arch;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.Networks;
import org.trapstream.model.TinyNetworks;
import org.trapstream.model.data.DecodedImage;
import org.trapstream.model.data.Sampling;
import org.trapstream.model.train.ClassWeighting;
import org.trapstream.model.train.FitResult;
import org.trapstream.model.train.LearningRatePolicy;
import org.trapstream.model.train.Trainer;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.serving.Backend;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.engine.Dl4jNetworks;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zoo networks through the same path as the seed CNN: built without downloading, trained by {@link Trainer#fit},
 * saved and verified by the registry. SqueezeNet (0.7 M parameters) is trained; ResNet50 (23.6 M) and VGG16
 * (134 M at 224 px, 34 M at 32 px) only build and answer one forward pass at their smallest input, because a
 * training step of either takes tens of seconds on two cores.
 */
class ZooNetworksTest {

    private static final List<String> LABELS = List.of("ant", "bee", "wasp");
    private static final int SQUEEZENET_SIZE = 64;

    @TempDir
    Path dir;

    @Test
    void squeezenetTrainsSavesAndPredictsProbabilities() {
        Backend.init();
        BuiltNetwork built = spec(Architecture.SQUEEZENET, null, false)
            .build(SeedCnn.DEFAULT, SQUEEZENET_SIZE, LABELS.size(), 1e-3, 42);
        List<DecodedImage> images = images(SQUEEZENET_SIZE, 4);
        Preprocessor preprocessor = new Preprocessor(SQUEEZENET_SIZE, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25));
        TrainingOptions options = new TrainingOptions(SeedCnn.DEFAULT, SQUEEZENET_SIZE, 1, 6, 1e-3, 42, 0.2, 1, null,
            spec(Architecture.SQUEEZENET, null, false), LearningRatePolicy.CONSTANT, ClassWeighting.BALANCED,
            Sampling.SHUFFLE);
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
        INDArray before = built.network().params().dup();

        FitResult fit = new Trainer(registry, options, ImageLimits.defaults())
            .fit(built.network(), LABELS, preprocessor, images, images.subList(0, 3));
        ModelMetadata saved = registry.save(built.network(), ModelMetadata.draft(built.description(), LABELS,
            SQUEEZENET_SIZE, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25)));
        LoadedModel loaded = registry.load(saved.version());
        float[][] probabilities = loaded.predict(TinyNetworks.random(2, SQUEEZENET_SIZE));

        assertInstanceOf(ComputationGraph.class, built.network());
        assertEquals("squeezenet", saved.architecture().getString("name"));
        assertEquals(1, fit.history().size());
        assertFalse(before.equalsWithEps(built.network().params(), 1e-6), "one epoch changed the weights");
        assertEquals(2, probabilities.length);
        for (float[] row : probabilities) {
            assertEquals(LABELS.size(), row.length);
            double sum = 0;
            for (float p : row) {
                sum += p;
            }
            assertEquals(1.0, sum, 1e-4);
        }
    }

    @Test
    void weightsFromAFileGetANewClassifierAndFrozenFeatures() throws IOException {
        Path file = dir.resolve("squeezenet-3-classes.zip");
        ModelSerializer.writeModel(spec(Architecture.SQUEEZENET, null, false)
            .build(SeedCnn.DEFAULT, 32, 3, 1e-3, 1).network(), file.toFile(), false);

        BuiltNetwork built = spec(Architecture.SQUEEZENET, file, true).build(SeedCnn.DEFAULT, 32, 2, 1e-3, 2);
        ComputationGraph graph = (ComputationGraph) built.network();
        INDArray frozen = graph.getLayer("fire9_exp3x3").params().dup();
        INDArray classifier = graph.getLayer("conv10").params().dup();
        Networks.fit(graph, new DataSet(Nd4j.rand(new long[] {4, 3, 32, 32}),
            Nd4j.eye(2).repeat(0, 2)));

        assertEquals("conv10", built.description().getString("classifier"));
        assertEquals("drop9", built.description().getString("frozen_up_to"));
        assertEquals(2, ((ConvolutionLayer) graph.getLayer("conv10").conf().getLayer()).getNOut());
        assertInstanceOf(FrozenLayer.class, graph.getLayer("fire9_exp3x3"));
        assertEquals(frozen, graph.getLayer("fire9_exp3x3").params(), "frozen features do not train");
        assertFalse(classifier.equalsWithEps(graph.getLayer("conv10").params(), 1e-7), "the new classifier does");
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"));
        String version = registry.save(graph, ModelMetadata.draft(built.description(), List.of("bee", "wasp"), 32,
            List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25))).version();
        assertEquals(2, registry.load(version).predict(TinyNetworks.zeros(1, 32))[0].length, "frozen layers save and load");
    }

    @Test
    void aMultiLayerModelFileBecomesAGraphWithANewHead() throws IOException {
        Path file = dir.resolve("seed-cnn.zip");
        ModelSerializer.writeModel(TinyNetworks.seedCnn(3), file.toFile(), false);

        BuiltNetwork built = spec(Architecture.SEED_CNN, file, false)
            .build(SeedCnn.DEFAULT, TinyNetworks.SIZE, 5, 1e-3, 4);

        INDArray output = Dl4jNetworks.output(built.network(), Nd4j.zeros(1, 3, TinyNetworks.SIZE, TinyNetworks.SIZE));
        assertEquals(5, output.columns());
        assertEquals("weights", built.description().getString("init"));
    }

    @Test
    void resnet50BuildsAndAnswersAtItsSmallestInput() {
        assertBuildsAndAnswers(Architecture.RESNET50);
    }

    @Test
    void vgg16BuildsAndAnswersAtItsSmallestInput() {
        assertBuildsAndAnswers(Architecture.VGG16);
    }

    @Test
    void refusesInputsBelowTheMinimumAndMissingWeights() {
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
            () -> spec(Architecture.RESNET50, null, false).build(SeedCnn.DEFAULT, 64, 3, 1e-3, 1));
        assertTrue(small.getMessage().contains("at least 72"), small.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> spec(Architecture.SQUEEZENET, dir.resolve("absent.zip"), false).build(SeedCnn.DEFAULT, 64, 3, 1e-3, 1));
        assertThrows(IllegalArgumentException.class, () -> new NetworkSpec(Architecture.SQUEEZENET, null, true),
            "freezing needs trained weights");
    }

    private static void assertBuildsAndAnswers(Architecture architecture) {
        Backend.init();
        int size = architecture.minInputSize();
        BuiltNetwork built = spec(architecture, null, false).build(SeedCnn.DEFAULT, size, 4, 1e-3, 5);

        float[][] probabilities = Dl4jNetworks.output(built.network(), Nd4j.rand(new long[] {1, 3, size, size})).toFloatMatrix();

        assertEquals(4, probabilities[0].length);
        double sum = 0;
        for (float p : probabilities[0]) {
            assertTrue(Float.isFinite(p), architecture + " answers numbers");
            sum += p;
        }
        assertEquals(1.0, sum, 1e-4);
        assertEquals(architecture.code(), built.description().getString("name"));
    }

    private static NetworkSpec spec(Architecture architecture, Path weights, boolean freeze) {
        return new NetworkSpec(architecture, weights, freeze);
    }

    /** {@code perClass} images of each label: the left half red, green or blue. */
    private static List<DecodedImage> images(int size, int perClass) {
        Map<String, Color> colours = new LinkedHashMap<>();
        colours.put("ant", Color.RED);
        colours.put("bee", Color.GREEN);
        colours.put("wasp", Color.BLUE);
        List<DecodedImage> images = new ArrayList<>();
        colours.forEach((label, colour) -> {
            for (int i = 0; i < perClass; i++) {
                images.add(new DecodedImage(TestImages.halves(size, size, colour, new Color(i * 40, 90, 200)),
                    label));
            }
        });
        return images;
    }
}
