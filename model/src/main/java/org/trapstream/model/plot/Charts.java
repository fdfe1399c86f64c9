package org.trapstream.model.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.imageio.ImageIO;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.trapstream.model.data.EvaluationPictures;
import org.trapstream.model.eval.Calibration;
import org.trapstream.model.eval.Misclassified;
import org.trapstream.model.eval.ReliabilityBin;
import org.trapstream.serving.ModelMetadata;

/**
 * The PNG charts Trapstream draws with plain Java2D (no plotting dependency): a model's learning curves, confusion
 * matrix, reliability diagram and most confident mistakes, saved beside it in the registry, and the learning-rate
 * range test's loss curve.
 */
public final class Charts {

    public static final String LEARNING_CURVES_FILE = "learning-curves.png";
    public static final String CONFUSION_MATRIX_FILE = "confusion-matrix.png";
    public static final String RELIABILITY_FILE = "reliability.png";
    public static final String MISCLASSIFIED_FILE = "misclassified.png";

    static final Color BLUE = new Color(0x1F77B4);
    static final Color ORANGE = new Color(0xFF7F0E);
    static final Color GREEN = new Color(0x2CA02C);
    static final Color RED = new Color(0xD62728);
    static final Color PURPLE = new Color(0x9467BD);
    private static final int PANEL_WIDTH = 560;
    private static final int PANEL_HEIGHT = 420;

    private Charts() {
    }

    /**
     * Training and validation loss, and validation accuracy, per epoch (plus the learning rate when it changed
     * between epochs), with the kept epoch marked.
     *
     * @param history   {@link ModelMetadata#history()}: epoch, train_loss, val_loss, val_accuracy, lr
     * @param bestEpoch the epoch whose weights were kept; NaN when unknown
     */
    public static BufferedImage learningCurves(String title, JsonArray history, double bestEpoch) {
        double[] epochs = column(history, "epoch");
        double[] rates = column(history, "lr");
        boolean rateChanged = Arrays.stream(rates).filter(Double::isFinite).distinct().count() > 1;
        List<LinePanel> panels = new ArrayList<>();
        panels.add(new LinePanel("Loss", "epoch", "cross-entropy", false).wholeNumbersOnX()
            .add(new Series("training", BLUE, epochs, column(history, "train_loss")))
            .add(new Series("validation", ORANGE, epochs, column(history, "val_loss")))
            .marker(bestEpoch, "kept", RED));
        panels.add(new LinePanel("Validation accuracy", "epoch", "accuracy", false).wholeNumbersOnX()
            .add(new Series("validation", GREEN, epochs, column(history, "val_accuracy")))
            .marker(bestEpoch, "kept", RED));
        if (rateChanged) {
            panels.add(new LinePanel("Learning rate (epoch mean)", "epoch", "learning rate", false).wholeNumbersOnX()
                .add(new Series("lr", PURPLE, epochs, rates)));
        }
        return panels(title, panels);
    }

    /**
     * The model's confusion matrix from {@code metrics.confusion} ({true: {predicted: count}}), rows and columns
     * in the model's label order (true labels the model does not know are added as extra rows); empty when the
     * metrics hold none.
     */
    public static Optional<BufferedImage> confusionMatrix(String title, JsonObject metrics, List<String> labels) {
        JsonObject confusion = metrics.getJsonObject("confusion");
        if (confusion == null || confusion.isEmpty()) {
            return Optional.empty();
        }
        List<String> rows = new ArrayList<>(labels);
        confusion.fieldNames().stream().filter(l -> !rows.contains(l)).sorted().forEach(rows::add);
        int[][] counts = new int[rows.size()][labels.size()];
        for (int r = 0; r < rows.size(); r++) {
            JsonObject row = confusion.getJsonObject(rows.get(r), new JsonObject());
            for (int c = 0; c < labels.size(); c++) {
                counts[r][c] = row.getInteger(labels.get(c), 0);
            }
        }
        return Optional.of(ConfusionMatrixChart.render(title, rows, labels, counts));
    }

    /**
     * The LR range test: smoothed loss against the learning rate on a log axis, with the suggested rate marked.
     */
    public static BufferedImage lrRangeTest(String title, double[] rates, double[] smoothedLosses, double suggested) {
        LinePanel panel = new LinePanel(title, "learning rate (log scale)", "smoothed training loss", true)
            .add(new Series("loss", BLUE, rates, smoothedLosses))
            .marker(suggested, String.format(Locale.ROOT, "suggested %.1e", suggested), RED);
        return panels(null, List.of(panel));
    }

    /**
     * The reliability diagram: accuracy against confidence per confidence bin, before and after temperature
     * scaling, beside the diagonal a perfectly calibrated model follows; empty when the metrics hold no
     * calibration measured on images.
     */
    public static Optional<BufferedImage> reliability(String title, JsonObject metrics) {
        List<ReliabilityBin> before = Calibration.reliabilityOf(metrics, "before");
        List<ReliabilityBin> after = Calibration.reliabilityOf(metrics, "after");
        if (before.stream().allMatch(bin -> bin.images() == 0)) {
            return Optional.empty();
        }
        JsonObject calibration = metrics.getJsonObject(Calibration.METRICS_KEY);
        LinePanel panel = new LinePanel(String.format(Locale.ROOT, "T = %.3f, ECE %.3f -> %.3f",
                calibration.getDouble("temperature"), calibration.getDouble("ece_before"),
                calibration.getDouble("ece_after")), "confidence (bin mean)", "accuracy", false)
            .add(new Series("perfectly calibrated", Color.GRAY, new double[] {0, 1}, new double[] {0, 1}))
            .add(reliabilitySeries("before (T = 1)", ORANGE, before))
            .add(reliabilitySeries("after", BLUE, after));
        return Optional.of(panels(title, List.of(panel)));
    }

    /**
     * The grid of the model's most confident mistakes from {@code metrics.misclassified}, each picture from
     * {@code pictures}; empty when the metrics list none (no mistakes, or a version saved before they were kept).
     */
    public static Optional<BufferedImage> misclassified(String title, JsonObject metrics, EvaluationPictures pictures) {
        List<Misclassified> mistakes = Misclassified.of(metrics);
        return mistakes.isEmpty() ? Optional.empty() : Optional.of(MisclassifiedGrid.render(title, mistakes, pictures));
    }

    /** Empty bins sit at their middle with no accuracy, which breaks the line there. */
    private static Series reliabilitySeries(String name, Color color, List<ReliabilityBin> bins) {
        return new Series(name, color,
            bins.stream().mapToDouble(bin -> bin.images() == 0 ? (bin.lower() + bin.upper()) / 2 : bin.confidence())
                .toArray(),
            bins.stream().mapToDouble(ReliabilityBin::accuracy).toArray());
    }

    /**
     * Writes the charts a saved version's metadata can give ({@value #LEARNING_CURVES_FILE} when it has a history,
     * {@value #CONFUSION_MATRIX_FILE} when its metrics have a confusion matrix, {@value #RELIABILITY_FILE} when
     * they have a calibration, {@value #MISCLASSIFIED_FILE} when they list mistakes) into {@code dir}.
     *
     * @param pictures the evaluation images the mistakes name
     * @return the files written
     */
    public static List<Path> writeModelCharts(ModelMetadata metadata, Path dir, EvaluationPictures pictures) {
        String name = metadata.version() == null ? metadata.modelName() : metadata.version();
        List<Path> written = new ArrayList<>();
        if (!metadata.history().isEmpty()) {
            write(learningCurves(name + " learning curves", metadata.history(), metadata.metric("best_epoch")),
                dir.resolve(LEARNING_CURVES_FILE), written);
        }
        confusionMatrix(name + " confusion matrix (" + evaluatedOn(metadata) + ")", metadata.metrics(),
            metadata.labels()).ifPresent(chart -> write(chart, dir.resolve(CONFUSION_MATRIX_FILE), written));
        reliability(name + " reliability (" + evaluatedOn(metadata) + ")", metadata.metrics())
            .ifPresent(chart -> write(chart, dir.resolve(RELIABILITY_FILE), written));
        misclassified(name + " most confident mistakes (" + evaluatedOn(metadata) + ")", metadata.metrics(), pictures)
            .ifPresent(chart -> write(chart, dir.resolve(MISCLASSIFIED_FILE), written));
        return written;
    }

    private static void write(BufferedImage chart, Path file, List<Path> written) {
        writePng(chart, file);
        written.add(file);
    }

    public static void writePng(BufferedImage image, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IllegalStateException("No PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static String evaluatedOn(ModelMetadata metadata) {
        int images = metadata.metrics().getInteger("images", 0);
        return metadata.metrics().getString("evaluated_on", "test set") + ", " + images + " images";
    }

    /** Panels side by side under an optional overall title. */
    private static BufferedImage panels(String title, List<LinePanel> panels) {
        int titleHeight = title == null ? 0 : 36;
        BufferedImage image = canvas(PANEL_WIDTH * panels.size(), PANEL_HEIGHT + titleHeight);
        Graphics2D g = image.createGraphics();
        try {
            smooth(g);
            if (title != null) {
                g.setFont(LinePanel.TITLE_FONT.deriveFont(17f));
                g.setColor(Color.BLACK);
                g.drawString(title, (image.getWidth() - g.getFontMetrics().stringWidth(title)) / 2, 26);
            }
            for (int i = 0; i < panels.size(); i++) {
                panels.get(i).draw(g, i * PANEL_WIDTH, titleHeight, PANEL_WIDTH, PANEL_HEIGHT);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** A column of the history as numbers; a missing or null value (an unknown score) is NaN. */
    private static double[] column(JsonArray history, String field) {
        double[] values = new double[history.size()];
        for (int i = 0; i < history.size(); i++) {
            Object value = history.getJsonObject(i).getValue(field);
            values[i] = value instanceof Number n ? n.doubleValue() : Double.NaN;
        }
        return values;
    }

    static BufferedImage canvas(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static void smooth(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }

    /** Font metrics before there is a picture to draw on (to size the picture). */
    static FontMetrics metrics(Font font) {
        Graphics2D g = canvas(1, 1).createGraphics();
        try {
            g.setFont(font);
            return g.getFontMetrics();
        } finally {
            g.dispose();
        }
    }
}
