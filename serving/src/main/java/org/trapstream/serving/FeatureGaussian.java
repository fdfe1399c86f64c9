package org.trapstream.serving;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.trapstream.common.io.FileDigests;

/**
 * One Gaussian per class over a network's penultimate features, with one covariance shared by the classes (Lee et
 * al. 2018): how far an image's features lie from the nearest class, in Mahalanobis distance, says how unlike the
 * training images it is. Unlike a score on the softmax row, it sees features the classifier's last layer ignores,
 * which is where camera-trap frames sent to a bee model differ from bees (BENCHMARKS.md, "Out-of-distribution
 * detection").
 *
 * <p>Kept whitened: W = L^-1 for the covariance's Cholesky factor L (Σ = L L^T), and each class mean m_k as W m_k,
 * so the squared distance of x from class k is |W x - W m_k|^2: one triangular product per image, whatever the
 * number of classes. A version keeps it in {@link #FILE} beside its network, its SHA-256 in its metadata.
 */
public final class FeatureGaussian {

    /** The file in a version's directory. */
    public static final String FILE = "ood-features.bin";
    /** The widest feature vector accepted: 16384 features take 512 MiB of whitening, a bound on what a file claims. */
    public static final int MAX_WIDTH = 16_384;

    /** "TSFG": the file's first four bytes. */
    private static final int MAGIC = 0x54534647;
    private static final int FORMAT = 1;
    private static final int HEADER_BYTES = 4 * Integer.BYTES;
    /**
     * Added to the covariance's diagonal, relative to its mean variance, so that it inverts where features are
     * collinear (a ReLU feature that is always 0, more features than images) without depending on their scale.
     */
    private static final double RELATIVE_RIDGE = 1e-3;

    private final int width;
    /** W's lower triangle, row by row: row a holds a + 1 values. */
    private final float[] whitener;
    /** W m_k, one row per class that had training images. */
    private final float[][] whitenedMeans;

    private FeatureGaussian(int width, float[] whitener, float[][] whitenedMeans) {
        this.width = width;
        this.whitener = whitener;
        this.whitenedMeans = whitenedMeans;
    }

    /**
     * Fits class means and the shared covariance (with the ridge) on training features.
     *
     * @param truth each row's class in {@code [0, classes)}; a class without rows gets no Gaussian
     * @throws IllegalArgumentException when there are fewer than two rows, rows of different widths, or values that
     *                                  are not finite
     */
    public static FeatureGaussian fit(float[][] features, int[] truth, int classes) {
        if (features.length < 2 || features.length != truth.length) {
            throw new IllegalArgumentException("a feature Gaussian needs two or more labelled feature rows, got "
                + features.length + " rows and " + truth.length + " labels");
        }
        int width = features[0].length;
        if (width < 1 || width > MAX_WIDTH) {
            throw new IllegalArgumentException("feature width must be 1 to " + MAX_WIDTH + ", got " + width);
        }
        double[][] means = new double[classes][width];
        int[] counts = new int[classes];
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != width) {
                throw new IllegalArgumentException("feature row " + i + " has " + features[i].length
                    + " values, the first has " + width);
            }
            if (truth[i] < 0 || truth[i] >= classes) {
                throw new IllegalArgumentException("feature row " + i + " is of class " + truth[i] + ", not one of "
                    + classes);
            }
            counts[truth[i]]++;
            for (int f = 0; f < width; f++) {
                if (!Float.isFinite(features[i][f])) {
                    throw new IllegalArgumentException("feature row " + i + " holds " + features[i][f]);
                }
                means[truth[i]][f] += features[i][f];
            }
        }
        for (int k = 0; k < classes; k++) {
            for (int f = 0; f < width; f++) {
                means[k][f] /= Math.max(1, counts[k]);
            }
        }
        double[][] lower = cholesky(covariance(features, truth, means));
        float[] whitener = invertLower(lower);
        float[][] whitenedMeans = new float[(int) Arrays.stream(counts).filter(c -> c > 0).count()][];
        int row = 0;
        for (int k = 0; k < classes; k++) {
            if (counts[k] > 0) {
                double[] whitened = whiten(whitener, width, means[k]);
                whitenedMeans[row] = new float[width];
                for (int f = 0; f < width; f++) {
                    whitenedMeans[row][f] = (float) whitened[f];
                }
                row++;
            }
        }
        return new FeatureGaussian(width, whitener, whitenedMeans);
    }

    public int width() {
        return width;
    }

    /** How many classes have a Gaussian. */
    public int classes() {
        return whitenedMeans.length;
    }

    /**
     * The squared Mahalanobis distance of {@code features} from the nearest class mean: about {@link #width()} for
     * a typical training image, more the further out.
     *
     * @throws IllegalArgumentException when the row's width is not the fitted one
     */
    public double distance(float[] features) {
        if (features.length != width) {
            throw new IllegalArgumentException("the network gave " + features.length + " features, the Gaussian was "
                + "fitted on " + width);
        }
        double[] x = new double[width];
        for (int f = 0; f < width; f++) {
            x[f] = features[f];
        }
        double[] whitened = whiten(whitener, width, x);
        double nearest = Double.POSITIVE_INFINITY;
        for (float[] mean : whitenedMeans) {
            double distance = 0;
            for (int f = 0; f < width; f++) {
                double d = whitened[f] - mean[f];
                distance += d * d;
            }
            nearest = Math.min(nearest, distance);
        }
        return nearest;
    }

    /** The file's bytes: magic, format, width, classes (big-endian ints), then W's lower triangle and the means. */
    public byte[] bytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(expectedBytes(width, classes()));
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(width);
            out.writeInt(classes());
            for (float value : whitener) {
                out.writeFloat(value);
            }
            for (float[] mean : whitenedMeans) {
                for (float value : mean) {
                    out.writeFloat(value);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** Hex SHA-256 of {@link #bytes()}, as a version's metadata records it. */
    public String sha256() {
        return FileDigests.sha256(bytes());
    }

    public void write(Path directory) throws IOException {
        Files.write(directory.resolve(FILE), bytes());
    }

    /**
     * Reads {@link #FILE} from a version's directory, checking it before trusting a size it declares.
     *
     * @param expectedSha256 the checksum the version's metadata records
     * @param expectedWidth  the feature width the metadata records
     * @throws IOException when the file is missing, does not match the checksum, or is not a Gaussian of that width
     */
    public static FeatureGaussian read(Path directory, String expectedSha256, int expectedWidth) throws IOException {
        byte[] bytes = Files.readAllBytes(directory.resolve(FILE));
        if (!FileDigests.sha256(bytes).equalsIgnoreCase(String.valueOf(expectedSha256))) {
            throw new IOException(FILE + " does not match the SHA-256 its metadata records");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER_BYTES || in.getInt() != MAGIC || in.getInt() != FORMAT) {
            throw new IOException(FILE + " is not a feature Gaussian of format " + FORMAT);
        }
        int width = in.getInt();
        int classes = in.getInt();
        if (width != expectedWidth || width < 1 || width > MAX_WIDTH || classes < 1
                || (long) expectedBytes(width, 0) + 4L * classes * width != bytes.length) {
            throw new IOException(FILE + " declares " + width + " features and " + classes + " classes in "
                + bytes.length + " bytes; its metadata says " + expectedWidth + " features");
        }
        float[] whitener = new float[width * (width + 1) / 2];
        in.asFloatBuffer().get(whitener);
        in.position(in.position() + whitener.length * Float.BYTES);
        float[][] means = new float[classes][width];
        for (float[] mean : means) {
            in.asFloatBuffer().get(mean);
            in.position(in.position() + width * Float.BYTES);
        }
        return new FeatureGaussian(width, whitener, means);
    }

    private static int expectedBytes(int width, int classes) {
        return HEADER_BYTES + Float.BYTES * (width * (width + 1) / 2 + classes * width);
    }

    /** The covariance of each row around its class mean, plus the ridge. */
    private static double[][] covariance(float[][] features, int[] truth, double[][] means) {
        int width = means[0].length;
        double[][] covariance = new double[width][width];
        double[] centred = new double[width];
        for (int i = 0; i < features.length; i++) {
            for (int f = 0; f < width; f++) {
                centred[f] = features[i][f] - means[truth[i]][f];
            }
            for (int a = 0; a < width; a++) {
                double scaled = centred[a];
                double[] row = covariance[a];
                for (int b = 0; b <= a; b++) {
                    row[b] += scaled * centred[b];
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < width; a++) {
            for (int b = 0; b <= a; b++) {
                covariance[a][b] /= features.length;
                covariance[b][a] = covariance[a][b];
            }
            trace += covariance[a][a];
        }
        double ridge = RELATIVE_RIDGE * trace / width + Double.MIN_NORMAL;
        for (int a = 0; a < width; a++) {
            covariance[a][a] += ridge;
        }
        return covariance;
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
                if (i == j && !(sum > 0)) {
                    throw new IllegalArgumentException("the feature covariance is not positive definite");
                }
                l[i][j] = i == j ? Math.sqrt(sum) : sum / l[j][j];
            }
        }
        return l;
    }

    /** L^-1, lower triangular too, packed row by row: row i of X with L X = I, by forward substitution. */
    private static float[] invertLower(double[][] l) {
        int n = l.length;
        double[][] inverse = new double[n][n];
        for (int i = 0; i < n; i++) {
            inverse[i][i] = 1 / l[i][i];
            for (int j = 0; j < i; j++) {
                double sum = 0;
                for (int k = j; k < i; k++) {
                    sum += l[i][k] * inverse[k][j];
                }
                inverse[i][j] = -sum / l[i][i];
            }
        }
        float[] packed = new float[n * (n + 1) / 2];
        int at = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                packed[at++] = (float) inverse[i][j];
            }
        }
        return packed;
    }

    /** W x for W's packed lower triangle. */
    private static double[] whiten(float[] whitener, int width, double[] x) {
        double[] whitened = new double[width];
        int at = 0;
        for (int a = 0; a < width; a++) {
            double sum = 0;
            for (int b = 0; b <= a; b++) {
                sum += whitener[at++] * x[b];
            }
            whitened[a] = sum;
        }
        return whitened;
    }
}
