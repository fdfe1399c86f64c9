package org.trapstream.bench.training;

import java.awt.BasicStroke;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * A line chart as a PNG, drawn with Java2D so the benchmark needs no plotting library: one line with point
 * markers per series, a legend, the y axis fixed to [yMin, yMax] so curves from different runs compare at a
 * glance.
 */
public final class CurvePlot {

    /**
     * A line; {@code x} and {@code y} have one entry per point. A series without a name is drawn thin and pale
     * and left out of the legend: the single runs behind a mean.
     */
    public record Series(String name, Color color, double[] x, double[] y) {

        public static Series faint(Color color, double[] x, double[] y) {
            return new Series(null, color, x, y);
        }

        boolean isFaint() {
            return name == null;
        }
    }

    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final int Y_TICKS = 5;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final double yMin;
    private final double yMax;

    public CurvePlot(String title, String xLabel, String yLabel, double yMin, double yMax) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.yMin = yMin;
        this.yMax = yMax;
    }

    public void write(Path file, List<Series> series) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            double xMin = series.stream().flatMapToDouble(s -> Arrays.stream(s.x())).min().orElse(0);
            double xMax = series.stream().flatMapToDouble(s -> Arrays.stream(s.x())).max().orElse(1);
            drawAxes(g, xMin, xMax, series.stream().flatMapToDouble(s -> Arrays.stream(s.x()))
                .distinct().sorted().toArray());
            for (Series line : series) {
                drawSeries(g, line, xMin, xMax);
            }
            drawLegend(g, series);
        } finally {
            g.dispose();
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private void drawAxes(Graphics2D g, double xMin, double xMax, double[] xTicks) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        FontMetrics metrics = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(title, (WIDTH - metrics.stringWidth(title)) / 2, TOP - 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        metrics = g.getFontMetrics();
        for (int tick = 0; tick <= Y_TICKS; tick++) {
            double value = yMin + (yMax - yMin) * tick / Y_TICKS;
            int y = py(value);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.BLACK);
            String text = String.format(Locale.ROOT, "%.2f", value);
            g.drawString(text, LEFT - 8 - metrics.stringWidth(text), y + metrics.getAscent() / 2);
        }
        for (double value : xTicks) {
            int x = px(value, xMin, xMax);
            g.drawLine(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 5);
            String text = String.format(Locale.ROOT, "%.0f", value);
            g.drawString(text, x - metrics.stringWidth(text) / 2, HEIGHT - BOTTOM + 20);
        }
        g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
        g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
        g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT - metrics.stringWidth(xLabel)) / 2, HEIGHT - 15);
        Graphics2D rotated = (Graphics2D) g.create();
        try {
            rotated.rotate(-Math.PI / 2);
            rotated.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM + metrics.stringWidth(yLabel)) / 2), 20);
        } finally {
            rotated.dispose();
        }
    }

    private void drawSeries(Graphics2D g, Series line, double xMin, double xMax) {
        Color color = line.color();
        g.setColor(line.isFaint() ? new Color(color.getRed(), color.getGreen(), color.getBlue(), 90) : color);
        g.setStroke(new BasicStroke(line.isFaint() ? 1f : 2.5f));
        int marker = line.isFaint() ? 4 : 8;
        for (int i = 0; i < line.x().length; i++) {
            int x = px(line.x()[i], xMin, xMax);
            int y = py(line.y()[i]);
            if (i > 0) {
                g.drawLine(px(line.x()[i - 1], xMin, xMax), py(line.y()[i - 1]), x, y);
            }
            g.fillOval(x - marker / 2, y - marker / 2, marker, marker);
        }
    }

    private void drawLegend(Graphics2D g, List<Series> all) {
        List<Series> series = all.stream().filter(s -> !s.isFaint()).toList();
        FontMetrics metrics = g.getFontMetrics();
        int x = WIDTH - RIGHT - 10 - series.stream().mapToInt(s -> metrics.stringWidth(s.name())).max().orElse(0) - 30;
        int y = HEIGHT - BOTTOM - 15 - 20 * (series.size() - 1);
        for (Series line : series) {
            g.setColor(line.color());
            g.fillRect(x, y - 8, 20, 4);
            g.setColor(Color.BLACK);
            g.drawString(line.name(), x + 28, y - 2);
            y += 20;
        }
    }

    private static int px(double x, double xMin, double xMax) {
        double fraction = xMax == xMin ? 0.5 : (x - xMin) / (xMax - xMin);
        return LEFT + (int) Math.round(fraction * (WIDTH - LEFT - RIGHT));
    }

    private int py(double y) {
        double fraction = (Math.max(yMin, Math.min(yMax, y)) - yMin) / (yMax - yMin);
        return HEIGHT - BOTTOM - (int) Math.round(fraction * (HEIGHT - TOP - BOTTOM));
    }
}
