package org.trapstream.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.io.FileDigests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The class Gaussians of a version's features: the distance they give, and the file they are kept in. */
class FeatureGaussianTest {

    private static final int WIDTH = 6;
    private static final int CLASSES = 3;

    @TempDir
    Path dir;

    @Test
    void theDistanceIsTheMahalanobisDistanceToTheNearestClassMeanUnderTheSharedCovariance() {
        // Two features, two classes at (0, 0) and (10, 0); within a class x and y vary together (covariance [[4, 3],
        // [3, 4]]), which the distance must take into account: along (1, 1) a point is far less unusual than along
        // (1, -1) at the same Euclidean distance.
        Random random = new Random(3);
        int rows = 20_000;
        float[][] features = new float[rows][];
        int[] truth = new int[rows];
        for (int i = 0; i < rows; i++) {
            truth[i] = i % 2;
            double common = random.nextGaussian() * Math.sqrt(3);
            double x = common + random.nextGaussian();
            double y = common + random.nextGaussian();
            features[i] = new float[] {(float) (10 * truth[i] + x), (float) y};
        }
        FeatureGaussian gaussian = FeatureGaussian.fit(features, truth, 2);

        // Inverse of [[4, 3], [3, 4]] is [[4, -3], [-3, 4]] / 7: d((a, b)) = (4a^2 - 6ab + 4b^2) / 7.
        assertEquals(2.0 / 7, gaussian.distance(new float[] {1, 1}), 0.02, "along the correlation");
        assertEquals(14.0 / 7, gaussian.distance(new float[] {1, -1}), 0.1, "across it");
        assertEquals(gaussian.distance(new float[] {1, -1}), gaussian.distance(new float[] {11, -1}), 0.05,
            "measured from the nearest class");
        assertEquals(2, gaussian.classes());
    }

    @Test
    void trainingImagesLieAboutTheWidthAwayAndImagesFarOffFurther() {
        Fitted fitted = fitted(new Random(5), 3000);
        double mean = Arrays.stream(fitted.features()).mapToDouble(fitted.gaussian()::distance).average().orElseThrow();
        assertEquals(WIDTH, mean, 0.5, "a squared Mahalanobis distance is chi-square with one degree per feature");
        float[] far = fitted.features()[0].clone();
        far[WIDTH - 1] += 200;
        assertTrue(fitted.gaussian().distance(far) > 10 * WIDTH, "distance " + fitted.gaussian().distance(far));
    }

    @Test
    void aClassWithoutTrainingRowsGetsNoGaussianAndCollinearFeaturesStillInvert() {
        Random random = new Random(9);
        float[][] features = new float[50][];
        int[] truth = new int[50];
        for (int i = 0; i < features.length; i++) {
            float value = (float) random.nextGaussian();
            features[i] = new float[] {value, 2 * value, 0};
            truth[i] = i % 2;
        }
        FeatureGaussian gaussian = FeatureGaussian.fit(features, truth, 4);
        assertEquals(2, gaussian.classes());
        assertTrue(Double.isFinite(gaussian.distance(new float[] {1, 2, 0})));
        assertTrue(gaussian.distance(new float[] {1, -2, 0}) > 100 * gaussian.distance(new float[] {1, 2, 0}),
            "leaving the line the training features lie on is far");
    }

    @Test
    void theFileReadsBackToTheSameDistances() throws IOException {
        Fitted fitted = fitted(new Random(7), 500);
        fitted.gaussian().write(dir);
        FeatureGaussian read = FeatureGaussian.read(dir, fitted.gaussian().sha256(), WIDTH);
        for (float[] row : fitted.features()) {
            assertEquals(fitted.gaussian().distance(row), read.distance(row), 0.0);
        }
        assertArrayEquals(fitted.gaussian().bytes(), Files.readAllBytes(dir.resolve(FeatureGaussian.FILE)));
    }

    @Test
    void aFileThatIsNotTheRecordedOneIsRefusedBeforeItsSizesAreTrusted() throws IOException {
        FeatureGaussian gaussian = fitted(new Random(7), 500).gaussian();
        gaussian.write(dir);
        String sha256 = gaussian.sha256();

        IOException otherWidth = assertThrows(IOException.class, () -> FeatureGaussian.read(dir, sha256, WIDTH + 1));
        assertTrue(otherWidth.getMessage().contains("its metadata says 7 features"), otherWidth.getMessage());

        byte[] tampered = gaussian.bytes();
        tampered[tampered.length - 1] ^= 1;
        Files.write(dir.resolve(FeatureGaussian.FILE), tampered);
        IOException changed = assertThrows(IOException.class, () -> FeatureGaussian.read(dir, sha256, WIDTH));
        assertTrue(changed.getMessage().contains("does not match the SHA-256"), changed.getMessage());

        // A file whose header claims a huge width, recorded as such: refused on its declared sizes.
        byte[] huge = Arrays.copyOf(gaussian.bytes(), 64);
        huge[8] = 0x7f;
        Files.write(dir.resolve(FeatureGaussian.FILE), huge);
        String hugeSha256 = FileDigests.sha256(huge);
        IOException declared = assertThrows(IOException.class, () -> FeatureGaussian.read(dir, hugeSha256, WIDTH));
        assertTrue(declared.getMessage().contains("declares"), declared.getMessage());

        Files.delete(dir.resolve(FeatureGaussian.FILE));
        assertThrows(IOException.class, () -> FeatureGaussian.read(dir, sha256, WIDTH));
    }

    @Test
    void rowsOfAnotherWidthOrNotFiniteAreRefused() {
        FeatureGaussian gaussian = fitted(new Random(7), 100).gaussian();
        assertThrows(IllegalArgumentException.class, () -> gaussian.distance(new float[WIDTH + 1]));
        float[][] withNaN = {{1, 2}, {Float.NaN, 1}, {0, 1}};
        assertThrows(IllegalArgumentException.class, () -> FeatureGaussian.fit(withNaN, new int[3], 1));
        assertThrows(IllegalArgumentException.class, () -> FeatureGaussian.fit(new float[][] {{1}}, new int[1], 1));
    }

    private record Fitted(FeatureGaussian gaussian, float[][] features) {
    }

    /** Correlated features around a mean per class. */
    private static Fitted fitted(Random random, int rows) {
        double[][] means = new double[CLASSES][WIDTH];
        for (double[] mean : means) {
            for (int f = 0; f < WIDTH; f++) {
                mean[f] = random.nextGaussian() * 5;
            }
        }
        float[][] features = new float[rows][WIDTH];
        int[] truth = new int[rows];
        for (int i = 0; i < rows; i++) {
            truth[i] = i % CLASSES;
            double common = random.nextGaussian();
            for (int f = 0; f < WIDTH; f++) {
                features[i][f] = (float) (means[truth[i]][f] + common * f + random.nextGaussian() * (1 + f));
            }
        }
        return new Fitted(FeatureGaussian.fit(features, truth, CLASSES), features);
    }
}
