package org.trapstream.model.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A confusion matrix as a heatmap: one row per true label, one column per predicted label, each cell showing its
 * image count and shaded by the share of its row (the true class's recall on the diagonal), so a rare class's
 * errors are as visible as a common one's.
 */
final class ConfusionMatrixChart {

    private static final Font CELL_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Color LOW = new Color(0xF7FBFF);
    private static final Color HIGH = new Color(0x08306B);
    private static final int MAX_MATRIX_SIDE = 560;
    private static final int MIN_CELL = 22;
    private static final int MAX_CELL = 80;
    private static final int BAR_WIDTH = 16;

    private ConfusionMatrixChart() {
    }

    /**
     * @param rows    true labels, top to bottom
     * @param columns predicted labels, left to right
     * @param counts  counts[row][column]
     */
    static BufferedImage render(String title, List<String> rows, List<String> columns, int[][] counts) {
        int cell = Math.max(MIN_CELL, Math.min(MAX_CELL, MAX_MATRIX_SIDE / Math.max(rows.size(), columns.size())));
        FontMetrics labelMetrics = Charts.metrics(LinePanel.LABEL_FONT);
        int rowLabels = rows.stream().mapToInt(labelMetrics::stringWidth).max().orElse(0);
        int columnLabels = columns.stream().mapToInt(labelMetrics::stringWidth).max().orElse(0);
        int left = rowLabels + 56;
        int top = 56;
        int width = left + columns.size() * cell + 110;
        int height = top + rows.size() * cell + columnLabels + 56;

        // Wide enough for the title too: a small matrix under a long title would cut it at both ends.
        int titleWidth = Charts.metrics(LinePanel.TITLE_FONT).stringWidth(title) + 24;
        BufferedImage image = Charts.canvas(Math.max(Math.max(width, 360), titleWidth), height);
        Graphics2D g = image.createGraphics();
        try {
            Charts.smooth(g);
            g.setColor(Color.BLACK);
            g.setFont(LinePanel.TITLE_FONT);
            g.drawString(title, (image.getWidth() - g.getFontMetrics().stringWidth(title)) / 2, 30);
            drawCells(g, counts, left, top, cell);
            drawLabels(g, rows, columns, left, top, cell, rowLabels, columnLabels);
            drawColorBar(g, left + columns.size() * cell + 40, top, Math.max(cell * rows.size(), 80));
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawCells(Graphics2D g, int[][] counts, int left, int top, int cell) {
        g.setFont(CELL_FONT);
        FontMetrics metrics = g.getFontMetrics();
        for (int r = 0; r < counts.length; r++) {
            int rowTotal = 0;
            for (int n : counts[r]) {
                rowTotal += n;
            }
            for (int c = 0; c < counts[r].length; c++) {
                double share = rowTotal == 0 ? 0 : (double) counts[r][c] / rowTotal;
                Color fill = blend(share);
                int x = left + c * cell;
                int y = top + r * cell;
                g.setColor(fill);
                g.fillRect(x, y, cell, cell);
                g.setColor(Color.WHITE);
                g.drawRect(x, y, cell, cell);
                String text = Integer.toString(counts[r][c]);
                if (metrics.stringWidth(text) < cell - 4) {
                    g.setColor(luminance(fill) < 0.5 ? Color.WHITE : Color.BLACK);
                    g.drawString(text, x + (cell - metrics.stringWidth(text)) / 2,
                        y + (cell + metrics.getAscent() - metrics.getDescent()) / 2);
                }
            }
        }
    }

    private static void drawLabels(Graphics2D g, List<String> rows, List<String> columns, int left, int top, int cell,
                                   int rowLabels, int columnLabels) {
        g.setFont(LinePanel.LABEL_FONT);
        g.setColor(Color.BLACK);
        FontMetrics metrics = g.getFontMetrics();
        for (int r = 0; r < rows.size(); r++) {
            String label = rows.get(r);
            g.drawString(label, left - 8 - metrics.stringWidth(label),
                top + r * cell + (cell + metrics.getAscent() - metrics.getDescent()) / 2);
        }
        int matrixBottom = top + rows.size() * cell;
        AffineTransform saved = g.getTransform();
        for (int c = 0; c < columns.size(); c++) {
            String label = columns.get(c);
            int x = left + c * cell + (cell + metrics.getAscent() - metrics.getDescent()) / 2;
            // Read bottom-to-top, ending just under the matrix, so long labels never overlap their neighbours.
            g.rotate(-Math.PI / 2, x, matrixBottom + 8);
            g.drawString(label, x - metrics.stringWidth(label), matrixBottom + 8);
            g.setTransform(saved);
        }
        g.setFont(LinePanel.LABEL_FONT.deriveFont(Font.BOLD));
        FontMetrics bold = g.getFontMetrics();
        String predicted = "predicted label";
        g.drawString(predicted, left + (columns.size() * cell - bold.stringWidth(predicted)) / 2,
            matrixBottom + columnLabels + 36);
        String truth = "true label";
        int axisX = left - rowLabels - 24;
        int axisY = top + rows.size() * cell / 2;
        g.rotate(-Math.PI / 2, axisX, axisY);
        g.drawString(truth, axisX - bold.stringWidth(truth) / 2, axisY);
        g.setTransform(saved);
    }

    private static void drawColorBar(Graphics2D g, int x, int top, int height) {
        g.setPaint(new GradientPaint(x, top + height, LOW, x, top, HIGH));
        g.fillRect(x, top, BAR_WIDTH, height);
        g.setColor(Color.GRAY);
        g.drawRect(x, top, BAR_WIDTH, height);
        g.setFont(LinePanel.TICK_FONT);
        g.setColor(Color.BLACK);
        FontMetrics metrics = g.getFontMetrics();
        g.drawString("100%", x + BAR_WIDTH + 5, top + metrics.getAscent());
        g.drawString("0%", x + BAR_WIDTH + 5, top + height);
        AffineTransform saved = g.getTransform();
        String caption = "share of the true class";
        g.rotate(Math.PI / 2, x + BAR_WIDTH + 40, top + height / 2.0);
        g.drawString(caption, x + BAR_WIDTH + 40 - metrics.stringWidth(caption) / 2, top + height / 2);
        g.setTransform(saved);
    }

    private static Color blend(double share) {
        double t = Math.max(0, Math.min(1, share));
        return new Color(
            (int) Math.round(LOW.getRed() + t * (HIGH.getRed() - LOW.getRed())),
            (int) Math.round(LOW.getGreen() + t * (HIGH.getGreen() - LOW.getGreen())),
            (int) Math.round(LOW.getBlue() + t * (HIGH.getBlue() - LOW.getBlue())));
    }

    private static double luminance(Color color) {
        return (0.299 * color.getRed() + 0.587 * color.getGreen() + 0.114 * color.getBlue()) / 255;
    }
}
