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
import org.trapstream.serving.LoadedModel;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelRegistry;
import org.trapstream.serving.NetworkIo;
import org.trapstream.serving.OodScore;
import org.trapstream.serving.Preprocessor;
import org.trapstream.serving.engine.Network;

/**
 * Out-of-distribution scores on an imported network that gives its logits and its pooled features, which the DL4J
 * networks trained here do not: the scores on softmax rows the classifier uses, against the energy on the raw
 * logits and the Mahalanobis distance on the features (Lee et al. 2018: class means and one shared covariance,
 * fitted on the training images' features; the score is the distance to the nearest class mean). Each is judged
 * by AUROC with the in-distribution test images against each out-of-distribution set. Open, it holds the network
 * twice, once per output, on the engine that serves it.
 */
final class ImportedOod implements AutoCloseable {

    private static final int BATCH = 32;
    /** Added to the covariance's diagonal so that it inverts even where features are collinear. */
    private static final double RIDGE = 1e-3;

    /** Images' logits and features, as the network gives them, in the order of the files. */
    record Outputs(float[][] logits, float[][] features) {
    }

    private final Network logits;
    private final Network features;
    private final Preprocessor preprocessor;
    private final ImageLimits limits = ImageLimits.defaults();

    private ImportedOod(Network logits, Network features, Preprocessor preprocessor) {
        this.logits = logits;
        this.features = features;
        this.preprocessor = preprocessor;
    }

    /** The network with its logits and, beside them, its feature output. */
    static ImportedOod open(ModelRegistry registry, ModelMetadata model) throws IOException {
        NetworkIo io = model.network();
        NetworkIo featureIo = io.withOutput(io.featureOutput(), NetworkIo.OutputKind.LOGITS);
        Network logits = registry.engines().forFormat(io.format()).load(registry.modelFile(model), io);
        try {
            return new ImportedOod(logits, registry.engines().forFormat(featureIo.format())
                .load(registry.modelFile(model), featureIo), new Preprocessor(model));
        } catch (IOException | RuntimeException e) {
            logits.close();
            throw e;
        }
    }

    @Override
    public void close() {
        logits.close();
        features.close();
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
        Mahalanobis mahalanobis = Mahalanobis.fit(trainFeatures, trainTruth, labels.size());

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
            double score(float[] logits, float[] features, Mahalanobis mahalanobis) {
                return OodScore.MAX_SOFTMAX.score(softmax(logits), 1);
            }
        },
        ENERGY_ON_PROBABILITIES("energy on log p, T = 20 (the classifier's default, on softmax rows)") {
            @Override
            double score(float[] logits, float[] features, Mahalanobis mahalanobis) {
                return OodScore.ENERGY.score(softmax(logits), OutOfDistribution.DEFAULT_TEMPERATURE);
            }
        },
        ENERGY_ON_LOGITS("energy on the logits, T = 1: -logsumexp(z)") {
            @Override
            double score(float[] logits, float[] features, Mahalanobis mahalanobis) {
                return -logSumExp(logits);
            }
        },
        MAHALANOBIS("Mahalanobis distance on the features, nearest class") {
            @Override
            double score(float[] logits, float[] features, Mahalanobis mahalanobis) {
                return mahalanobis.nearest(features);
            }
        };

        private final String description;

        Method(String description) {
            this.description = description;
        }

        abstract double score(float[] logits, float[] features, Mahalanobis mahalanobis);

        double[] scores(Outputs outputs, Mahalanobis mahalanobis) {
            double[] scores = new double[outputs.logits().length];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = score(outputs.logits()[i], outputs.features()[i], mahalanobis);
            }
            return scores;
        }
    }

    /**
     * Class means and the Cholesky factor L of the shared covariance (L L^T) of the training features: the squared
     * distance of x from a mean m is |L^-1 (x - m)|^2, one forward substitution.
     */
    private record Mahalanobis(double[][] means, double[][] cholesky) {

        static Mahalanobis fit(float[][] features, int[] truth, int classes) {
            int width = features[0].length;
            double[][] means = new double[classes][width];
            int[] counts = new int[classes];
            for (int i = 0; i < features.length; i++) {
                counts[truth[i]]++;
                for (int f = 0; f < width; f++) {
                    means[truth[i]][f] += features[i][f];
                }
            }
            for (int k = 0; k < classes; k++) {
                for (int f = 0; f < width; f++) {
                    means[k][f] /= Math.max(1, counts[k]);
                }
            }
            double[][] covariance = new double[width][width];
            for (int i = 0; i < features.length; i++) {
                double[] centred = centred(features[i], means[truth[i]]);
                for (int a = 0; a < width; a++) {
                    for (int b = 0; b < width; b++) {
                        covariance[a][b] += centred[a] * centred[b] / features.length;
                    }
                }
            }
            for (int f = 0; f < width; f++) {
                covariance[f][f] += RIDGE;
            }
            return new Mahalanobis(means, cholesky(covariance));
        }

        double nearest(float[] features) {
            double nearest = Double.POSITIVE_INFINITY;
            for (double[] mean : means) {
                double[] solved = centred(features, mean);
                double distance = 0;
                for (int a = 0; a < solved.length; a++) {
                    for (int b = 0; b < a; b++) {
                        solved[a] -= cholesky[a][b] * solved[b];
                    }
                    solved[a] /= cholesky[a][a];
                    distance += solved[a] * solved[a];
                }
                nearest = Math.min(nearest, distance);
            }
            return nearest;
        }

        /** The lower-triangular L with L L^T = a, for a symmetric positive definite a (the ridge makes it so). */
        private static double[][] cholesky(double[][] a) {
            double[][] l = new double[a.length][a.length];
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j <= i; j++) {
                    double sum = a[i][j];
                    for (int k = 0; k < j; k++) {
                        sum -= l[i][k] * l[j][k];
                    }
                    l[i][j] = i == j ? Math.sqrt(sum) : sum / l[j][j];
                }
            }
            return l;
        }

        private static double[] centred(float[] features, double[] mean) {
            double[] centred = new double[features.length];
            for (int f = 0; f < features.length; f++) {
                centred[f] = features[f] - mean[f];
            }
            return centred;
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
        logitRows.addAll(List.of(logits.run(preprocessor.stack(inputs))));
        featureRows.addAll(List.of(features.run(preprocessor.stack(inputs))));
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
