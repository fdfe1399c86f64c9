package org.trapstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import org.trapstream.bench.training.OodComparison;
import org.trapstream.image.ImageLimits;
import org.trapstream.image.ImageRejectedException;
import org.trapstream.model.eval.OutOfDistribution;
import org.trapstream.serving.FeatureGaussian;
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.NetworkIo;
import org.trapstream.serving.OodScore;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.engine.Network;

/**
 * Out-of-distribution scores on an imported network that gives its logits and its pooled features: the scores on
 * softmax rows, against the energy on the raw logits and the Mahalanobis distance on the features
 * ({@link FeatureGaussian}, the classifier's own, fitted on the training images' features). Each is judged by AUROC
 * with the in-distribution test images against each out-of-distribution set. Open, it holds the network on the
 * engine that serves it.
 */
final class ImportedOod implements AutoCloseable {

    private static final int BATCH = 32;

    /** Images' logits and features, as the network gives them, in the order of the files. */
    record Outputs(float[][] logits, float[][] features) {
    }

    private final Network network;
    private final Preprocessor preprocessor;
    private final ImageLimits limits = ImageLimits.defaults();

    private ImportedOod(Network network, Preprocessor preprocessor) {
        this.network = network;
        this.preprocessor = preprocessor;
    }

    /** The network, read at its logits and, from the same pass, its feature output. */
    static ImportedOod open(ModelRegistry registry, ModelMetadata model) throws IOException {
        NetworkIo io = model.network();
        return new ImportedOod(registry.engines().forFormat(io.format()).load(registry.modelFile(model), io),
            new Preprocessor(model));
    }

    @Override
    public void close() {
        network.close();
    }

    /**
     * @param labels   the network's outputs in order
     * @param trainDir {@code <label>/<image>} folders the network was trained on (the Mahalanobis fit)
     * @param inside   in-distribution images it never saw
     * @param outside  out-of-distribution sets by name: folders searched for JPEG files
     */
    JsonObject compare(List<String> labels, Path trainDir, Path inside, Map<String, Path> outside) {
        List<Path> trainFiles = OodComparison.jpegsUnder(trainDir);
        float[][] trainFeatures = outputs(trainFiles).features();
        int[] trainTruth = trainFiles.stream().mapToInt(file -> labels.indexOf(file.getParent().getFileName()
            .toString())).toArray();
        FeatureGaussian mahalanobis = FeatureGaussian.fit(trainFeatures, trainTruth, labels.size());

        Outputs in = outputs(OodComparison.jpegsUnder(inside));
        Map<String, Outputs> out = new LinkedHashMap<>();
        outside.forEach((name, dir) -> out.put(name, outputs(OodComparison.jpegsUnder(dir))));

        JsonObject methods = new JsonObject();
        for (Method method : Method.values()) {
            double[] insideScores = method.scores(in, mahalanobis);
            JsonObject perSet = new JsonObject();
            out.forEach((name, outputs) -> perSet.put(name, new JsonObject()
                .put("images", outputs.logits().length)
                .put("auroc", OutOfDistribution.auroc(insideScores, method.scores(outputs, mahalanobis)))));
            methods.put(method.description, perSet);
        }
        return new JsonObject()
            .put("train_images", trainFiles.size())
            .put("inside_images", in.logits().length)
            .put("feature_width", trainFeatures[0].length)
            .put("methods", methods);
    }

    /** The scores compared; higher means further out. */
    private enum Method {
        MAX_SOFTMAX("max-softmax: 1 - max p (on softmax rows)") {
            @Override
            double score(float[] logits, float[] features, FeatureGaussian mahalanobis) {
                return OodScore.MAX_SOFTMAX.score(softmax(logits), 1);
            }
        },
        ENERGY_ON_PROBABILITIES("energy on log p, T = 20 (the default without features, on softmax rows)") {
            @Override
            double score(float[] logits, float[] features, FeatureGaussian mahalanobis) {
                return OodScore.ENERGY.score(softmax(logits), OutOfDistribution.DEFAULT_TEMPERATURE);
            }
        },
        ENERGY_ON_LOGITS("energy on the logits, T = 1: -logsumexp(z)") {
            @Override
            double score(float[] logits, float[] features, FeatureGaussian mahalanobis) {
                return -logSumExp(logits);
            }
        },
        MAHALANOBIS("Mahalanobis distance on the features, nearest class") {
            @Override
            double score(float[] logits, float[] features, FeatureGaussian mahalanobis) {
                return mahalanobis.distance(features);
            }
        };

        private final String description;

        Method(String description) {
            this.description = description;
        }

        abstract double score(float[] logits, float[] features, FeatureGaussian mahalanobis);

        double[] scores(Outputs outputs, FeatureGaussian mahalanobis) {
            double[] scores = new double[outputs.logits().length];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = score(outputs.logits()[i], outputs.features()[i], mahalanobis);
            }
            return scores;
        }
    }

    /** Every file through the one preprocessing and the network; a file that cannot be decoded stops the run. */
    Outputs outputs(List<Path> files) {
        List<float[]> logitRows = new ArrayList<>(files.size());
        List<float[]> featureRows = new ArrayList<>(files.size());
        List<float[]> inputs = new ArrayList<>(BATCH);
        for (Path file : files) {
            try {
                inputs.add(preprocessor.preprocess(Files.readAllBytes(file), limits));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ImageRejectedException e) {
                throw new IllegalStateException(file + " cannot be decoded: " + e.getMessage(), e);
            }
            if (inputs.size() == BATCH) {
                run(inputs, logitRows, featureRows);
            }
        }
        run(inputs, logitRows, featureRows);
        return new Outputs(logitRows.toArray(float[][]::new), featureRows.toArray(float[][]::new));
    }

    private void run(List<float[]> inputs, List<float[]> logitRows, List<float[]> featureRows) {
        if (inputs.isEmpty()) {
            return;
        }
        Network.Outputs outputs = network.runWithFeatures(preprocessor.stack(inputs));
        logitRows.addAll(List.of(outputs.scores()));
        featureRows.addAll(List.of(outputs.features()));
        inputs.clear();
    }

    private static float[] softmax(float[] logits) {
        return LoadedModel.softmaxOf(logits);
    }

    /** logsumexp(z) = z_i - log p_i for any i; the top class's p is never near 0, so it is exact in floats. */
    private static double logSumExp(float[] logits) {
        float[] p = softmax(logits);
        int top = 0;
        for (int i = 1; i < p.length; i++) {
            top = p[i] > p[top] ? i : top;
        }
        return logits[top] - Math.log(p[top]);
    }
}
