package org.trapstream.classifier;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.image.ImageLimits;
import org.trapstream.model.eval.OutOfDistribution;
import org.trapstream.model.eval.Scoring;
import org.trapstream.serving.ImportManifest;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.OodDetector;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.TinyOnnx;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Images the model should not be trusted on reach review although it is sure of their label: an image unlike those
 * its out-of-distribution threshold was fitted on, and the first images of a camera it was not trained on.
 * Confidence, margin and sampling are switched off, so these are the only reasons to route.
 */
class UnfamiliarImagesReviewTest extends BrokerTest {

    @Test
    void anImageUnlikeTheValidationImagesGoesToReviewAsOutOfDistribution(@TempDir Path dataDir) {
        TrapstreamConfig config = config(dataDir, 0);
        ModelRegistry registry = new ModelRegistry(config.modelRegistryDir());
        ImageLimits limits = ImageLimits.from(config);
        long seed = 11;
        // Noise frames play the training distribution: the threshold is fitted on the model's rows for 100 of them.
        ModelMetadata unguarded = TestModels.save(registry, seed);
        OodDetector detector;
        byte[] unlike;
        try (LoadedModel model = registry.load(unguarded.version())) {
            float[][] validation = rows(model, LongStream.range(0, 100).mapToObj(ImageRecords::jpegBytes), limits);
            detector = OutOfDistribution.fit(OutOfDistribution.DEFAULT_METHOD, OutOfDistribution.DEFAULT_TEMPERATURE,
                validation, OutOfDistribution.DEFAULT_TARGET_FPR);
            unlike = flatColours().max(Comparator.comparingDouble(bytes ->
                detector.score(rows(model, Stream.of(bytes), limits)[0]))).orElseThrow();
            assertTrue(detector.flags(detector.score(rows(model, Stream.of(unlike), limits)[0])),
                "arrangement: a flat-coloured frame lies outside what this network gives noise frames");
        }
        ModelMetadata guarded = TestModels.save(registry, seed, draft -> draft.withTraining(null,
            new JsonObject().put(OodDetector.METRICS_KEY, detector.toJson()), null, null, null));

        String metrics = assertReviewedAsOutOfDistribution(config, registry, guarded, unlike, detector);
        assertTrue(metrics.contains(
            "camtrap_classifier_out_of_distribution_total{camera=\"" + ImageRecords.CAMERA + "\"} 1.0"));
    }

    @Test
    void anImageFarFromAnImportedNetworksFeaturesGoesToReviewAsOutOfDistribution(@TempDir Path dataDir)
            throws Exception {
        TrapstreamConfig config = config(dataDir, 0);
        ModelRegistry registry = new ModelRegistry(config.modelRegistryDir());
        ImageLimits limits = ImageLimits.from(config);
        Path onnx = Files.write(dataDir.resolve("colours.onnx"), TinyOnnx.colourClassifier(4, 32, 8f));
        ModelMetadata draft = ImportManifest.draft(TinyOnnx.manifest(List.of("a", "b", "c", "d"), 32));
        // Noise frames play the training distribution, labelled as the network labels them: the Gaussians are fitted
        // on the features of 80 of them, the threshold on 40 more.
        OodDetector detector;
        byte[] unlike;
        try (LoadedModel network = registry.verify("colours", draft, onnx)) {
            LoadedModel.Classified seen = classify(network, LongStream.range(0, 120).mapToObj(ImageRecords::jpegBytes),
                limits);
            int[] truth = Arrays.stream(seen.probabilities()).mapToInt(Scoring::argMax).toArray();
            OodDetector fitted = OutOfDistribution.fitOnFeatures(Arrays.copyOf(seen.features(), 80),
                Arrays.copyOf(truth, 80), 4, Arrays.copyOfRange(seen.features(), 80, 120),
                OutOfDistribution.DEFAULT_TARGET_FPR);
            unlike = flatColours().max(Comparator.comparingDouble(bytes ->
                fitted.score(null, classify(network, Stream.of(bytes), limits).features()[0]))).orElseThrow();
            assertTrue(fitted.flags(fitted.score(null, classify(network, Stream.of(unlike), limits).features()[0])),
                "arrangement: a flat-coloured frame lies outside what this network gives noise frames");
            detector = fitted;
        }
        ModelMetadata guarded = registry.importNetwork(onnx, draft.withTraining(null,
            new JsonObject().put(OodDetector.METRICS_KEY, detector.toJson()), null, null, null), Optional.of(detector),
            UnaryOperator.identity());

        assertReviewedAsOutOfDistribution(config, registry, guarded, unlike, detector);
    }

    /**
     * Serves {@code version} and sends {@code image}: its prediction is flagged over the detector's threshold, and
     * reaches the review topic for that reason alone. Returns the classifier's metrics once it has.
     */
    private static String assertReviewedAsOutOfDistribution(TrapstreamConfig config, ModelRegistry registry,
                                                             ModelMetadata version, byte[] image, OodDetector detector) {
        ProducerRecord<String, byte[]> outside = ImageRecords.of(image, "jpeg", 64, 48);
        announce(registry.promote(version.version()));
        try (DeployedClassifier classifier = DeployedClassifier.deploy(config)) {
            classifier.awaitServing(version.version());
            TestKafka.send(List.of(outside));

            Prediction predicted = predictions(Set.of(outside.key()), Topics.PREDICTIONS).get(0);
            assertTrue(predicted.outOfDistribution());
            assertTrue(predicted.oodScore() > detector.threshold(), "score " + predicted.oodScore());
            assertEquals(List.of(Prediction.Review.OUT_OF_DISTRIBUTION), predicted.review().reasons());
            Prediction reviewed = predictions(Set.of(outside.key()), Topics.REVIEW).get(0);
            assertEquals(List.of(Prediction.Review.OUT_OF_DISTRIBUTION), reviewed.review().reasons());
            return classifier.registry().scrape();
        }
    }

    @Test
    void aNewCamerasFirstImagesGoToReviewAndTheNextDoNot(@TempDir Path dataDir) {
        TrapstreamConfig config = config(dataDir, 3);
        ModelRegistry registry = new ModelRegistry(config.modelRegistryDir());
        // A version from before detectors and without a detector never flags; it was trained on cam-known only.
        ModelMetadata model = TestModels.save(registry, 12, draft -> draft.withTraining(null, null, null,
            new JsonObject().put(ModelMetadata.CAMERAS_KEY, new JsonArray().add("cam-known")), null));
        long seedBase = System.nanoTime();
        List<ProducerRecord<String, byte[]>> first = images(seedBase, 3, "cam-new");
        List<ProducerRecord<String, byte[]>> later = Stream.concat(images(seedBase + 3, 3, "cam-new").stream(),
            images(seedBase + 6, 3, "cam-known").stream()).toList();

        announce(registry.promote(model.version()));
        try (DeployedClassifier classifier = DeployedClassifier.deploy(config)) {
            classifier.awaitServing(model.version());
            TestKafka.send(first);
            for (Prediction p : predictions(keys(first), Topics.PREDICTIONS)) {
                assertEquals(List.of(Prediction.Review.NEW_CAMERA), p.review().reasons(), p.toString());
            }
            TestKafka.send(later);
            for (Prediction p : predictions(keys(later), Topics.PREDICTIONS)) {
                assertFalse(p.review().routed(), p.toString());
                assertFalse(p.outOfDistribution());
                assertTrue(Double.isNaN(p.oodScore()), "no detector, no score");
            }
            assertEquals(keys(first), predictions(keys(first), Topics.REVIEW).stream().map(Prediction::imageId)
                .collect(Collectors.toSet()));
            assertTrue(classifier.registry().scrape().contains(
                "camtrap_classifier_new_camera_reviews_total{camera=\"cam-new\"} 3.0"));
        }
    }

    /** A classifier of a new group that starts at the end of the images topic, past other tests' images. */
    private static TrapstreamConfig config(Path dataDir, int newCameraImages) {
        String group = TestKafka.uniqueGroup("unfamiliar");
        TestKafka.startGroupAtEnd(group, Topics.IMAGES);
        return TestKafka.config(ClassifierConfig.DEFINITION, dataDir, Map.of(
            ClassifierConfig.CLASSIFIER_GROUP_ID, group,
            ClassifierConfig.REVIEW_MIN_CONFIDENCE, "0",
            ClassifierConfig.REVIEW_MIN_MARGIN, "0",
            ClassifierConfig.REVIEW_SAMPLE_RATE, "0",
            ClassifierConfig.REVIEW_NEW_CAMERA_IMAGES, String.valueOf(newCameraImages)));
    }

    /** The model's softmax rows (its temperature is 1) for these encoded images. */
    private static float[][] rows(LoadedModel model, Stream<byte[]> images, ImageLimits limits) {
        Preprocessor preprocessor = new Preprocessor(model.metadata());
        return model.predict(preprocessor.stack(images.map(bytes -> preprocessor.preprocess(bytes, limits)).toList()));
    }

    /** The model's answers, with its features, for these encoded images. */
    private static LoadedModel.Classified classify(LoadedModel model, Stream<byte[]> images, ImageLimits limits) {
        Preprocessor preprocessor = new Preprocessor(model.metadata());
        return model.classify(preprocessor.stack(images.map(bytes -> preprocessor.preprocess(bytes, limits)).toList()),
            true);
    }

    private static Stream<byte[]> flatColours() {
        return Stream.of(Color.BLACK, Color.WHITE, Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW, Color.MAGENTA,
                Color.CYAN)
            .flatMap(left -> Stream.of(Color.BLACK, Color.WHITE, Color.GRAY)
                .map(right -> TestImages.encode(TestImages.halves(64, 48, left, right), "jpeg")));
    }

    private static List<ProducerRecord<String, byte[]>> images(long firstSeed, int count, String cameraId) {
        return LongStream.range(firstSeed, firstSeed + count).mapToObj(seed -> ImageRecords.jpeg(seed, cameraId))
            .toList();
    }

    private static Set<String> keys(List<ProducerRecord<String, byte[]>> records) {
        return records.stream().map(ProducerRecord::key).collect(Collectors.toSet());
    }

    /** The predictions of these images on {@code topic}, once each has one. */
    private static List<Prediction> predictions(Set<String> ids, String topic) {
        Predicate<ConsumerRecord<String, byte[]>> mine = r -> ids.contains(r.key());
        List<ConsumerRecord<String, byte[]>> records = TestKafka.await(topic, mine, ids.size());
        assertEquals(ids.size(), records.size(), "one " + topic + " record per image");
        return records.stream().map(r -> Prediction.fromJson(new JsonObject(new String(r.value())))).toList();
    }
}
