package org.trapstream.model.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.DoubleStream;

/**
 * One chart panel: a title, axes with "nice" ticks and grid lines (the x axis optionally logarithmic), line
 * series with a legend, and labelled vertical markers. Enough for learning curves and an LR range test without a
 * plotting library; it draws into any part of a {@link Graphics2D}.
 */
final class LinePanel {

    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color GRID = new Color(0xE3E3E3);
    private static final Color AXIS = new Color(0x444444);
    private static final int TARGET_TICKS = 6;
    /** Points are drawn as dots too when a line has this few, so a one-epoch run still shows something. */
    private static final int DOTS_UP_TO = 40;

    private record Marker(double x, String label, Color color) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private boolean wholeX;

    LinePanel(String title, String xLabel, String yLabel, boolean logX) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logX = logX;
    }

    /** X values are counts (epochs): ticks at whole numbers only. */
    LinePanel wholeNumbersOnX() {
        wholeX = true;
        return this;
    }

    LinePanel add(Series line) {
        series.add(line);
        return this;
    }

    /** A dashed vertical line at {@code x}, labelled at its top. */
    LinePanel marker(double x, String label, Color color) {
        if (Double.isFinite(x)) {
            markers.add(new Marker(x, label, color));
        }
        return this;
    }

    /** Draws the panel into the rectangle (x, y, width, height). */
    void draw(Graphics2D g, int x, int y, int width, int height) {
        g.setFont(TITLE_FONT);
        FontMetrics titleMetrics = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(title, x + (width - titleMetrics.stringWidth(title)) / 2, y + titleMetrics.getAscent() + 4);

        int left = x + 72;
        int top = y + titleMetrics.getHeight() + 14;
        int right = x + width - 16;
        int bottom = y + height - 48;
        Range xs = range(series.stream().flatMapToDouble(s -> DoubleStream.of(s.x())).map(this::toAxisX), 0.03);
        Range ys = range(series.stream().flatMapToDouble(s -> DoubleStream.of(s.y())), 0.06);
        Mapping map = new Mapping(xs, ys, left, top, right, bottom);

        drawGridAndTicks(g, map);
        drawAxisLabels(g, left, top, right, bottom, y + height);
        if (xs.empty()) {
            g.setFont(LABEL_FONT);
            g.setColor(AXIS);
            g.drawString("no data", (left + right) / 2 - 20, (top + bottom) / 2);
            return;
        }
        drawMarkers(g, map);
        drawSeries(g, map);
        drawLegend(g, right, top);
    }

    private double toAxisX(double value) {
        return logX ? (value > 0 ? Math.log10(value) : Double.NaN) : value;
    }

    /** Data range along one axis (x already in axis units), with a margin so points do not sit on the frame. */
    private record Range(double min, double max, boolean empty) {
    }

    private static Range range(DoubleStream values, double marginFraction) {
        double[] finite = values.filter(Double::isFinite).toArray();
        if (finite.length == 0) {
            return new Range(0, 1, true);
        }
        double min = DoubleStream.of(finite).min().getAsDouble();
        double max = DoubleStream.of(finite).max().getAsDouble();
        if (max - min < 1e-12) {
            // A flat line sits mid-panel; scaling around the value keeps an accuracy axis from going negative.
            double half = min == 0 ? 0.5 : Math.abs(min) * 0.1;
            return new Range(min - half, max + half, false);
        }
        double margin = (max - min) * marginFraction;
        return new Range(min - margin, max + margin, false);
    }

    /** Data to pixel coordinates inside the plot area. */
    private record Mapping(Range xs, Range ys, int left, int top, int right, int bottom) {
        double px(double axisX) {
            return left + (axisX - xs.min()) / (xs.max() - xs.min()) * (right - left);
        }

        double py(double value) {
            return bottom - (value - ys.min()) / (ys.max() - ys.min()) * (bottom - top);
        }
    }

    private void drawGridAndTicks(Graphics2D g, Mapping map) {
        g.setFont(TICK_FONT);
        FontMetrics metrics = g.getFontMetrics();
        List<Double> xTicks = logX ? logTicks(map.xs())
            : niceTicks(map.xs().min(), map.xs().max(), wholeX ? 1 : 0);
        for (double tick : xTicks) {
            int px = (int) Math.round(map.px(tick));
            g.setColor(GRID);
            g.drawLine(px, map.top(), px, map.bottom());
            g.setColor(AXIS);
            g.drawLine(px, map.bottom(), px, map.bottom() + 4);
            String label = !logX ? format(tick) : tick == Math.rint(tick) ? "1e" + Math.round(tick) : format(Math.pow(10, tick));
            g.drawString(label, px - metrics.stringWidth(label) / 2, map.bottom() + 6 + metrics.getAscent());
        }
        for (double tick : niceTicks(map.ys().min(), map.ys().max(), 0)) {
            int py = (int) Math.round(map.py(tick));
            g.setColor(GRID);
            g.drawLine(map.left(), py, map.right(), py);
            g.setColor(AXIS);
            g.drawLine(map.left() - 4, py, map.left(), py);
            String label = format(tick);
            g.drawString(label, map.left() - 7 - metrics.stringWidth(label), py + metrics.getAscent() / 2 - 1);
        }
        g.setColor(AXIS);
        g.drawRect(map.left(), map.top(), map.right() - map.left(), map.bottom() - map.top());
    }

    private void drawAxisLabels(Graphics2D g, int left, int top, int right, int bottom, int panelBottom) {
        g.setFont(LABEL_FONT);
        g.setColor(Color.BLACK);
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(xLabel, (left + right - metrics.stringWidth(xLabel)) / 2, panelBottom - 8);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2, left - 56, (top + bottom) / 2.0);
        g.drawString(yLabel, left - 56 - metrics.stringWidth(yLabel) / 2, (top + bottom) / 2 + metrics.getAscent() / 2);
        g.setTransform(saved);
    }

    private void drawMarkers(Graphics2D g, Mapping map) {
        Stroke saved = g.getStroke();
        g.setFont(TICK_FONT);
        for (Marker marker : markers) {
            double axisX = toAxisX(marker.x());
            if (!(axisX >= map.xs().min() && axisX <= map.xs().max())) {
                continue;
            }
            int px = (int) Math.round(map.px(axisX));
            g.setColor(marker.color());
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawLine(px, map.top(), px, map.bottom());
            g.setStroke(saved);
            int width = g.getFontMetrics().stringWidth(marker.label());
            int labelX = px + 4 + width > map.right() ? px - 4 - width : px + 4;
            g.drawString(marker.label(), labelX, map.bottom() - 6);
        }
    }

    private void drawSeries(Graphics2D g, Mapping map) {
        Stroke saved = g.getStroke();
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (Series line : series) {
            g.setColor(line.color());
            Path2D.Double path = new Path2D.Double();
            boolean penDown = false;
            for (int i = 0; i < line.x().length; i++) {
                double axisX = toAxisX(line.x()[i]);
                double value = line.y()[i];
                if (!Double.isFinite(axisX) || !Double.isFinite(value)) {
                    penDown = false;
                    continue;
                }
                double px = map.px(axisX);
                double py = map.py(value);
                if (penDown) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    penDown = true;
                }
                if (line.x().length <= DOTS_UP_TO) {
                    g.fillOval((int) Math.round(px) - 3, (int) Math.round(py) - 3, 7, 7);
                }
            }
            g.draw(path);
        }
        g.setStroke(saved);
    }

    private void drawLegend(Graphics2D g, int right, int top) {
        if (series.size() < 2) {
            return;
        }
        g.setFont(TICK_FONT);
        FontMetrics metrics = g.getFontMetrics();
        int width = series.stream().mapToInt(s -> metrics.stringWidth(s.name())).max().orElse(0) + 36;
        int rowHeight = metrics.getHeight() + 2;
        int boxX = right - width - 8;
        int boxY = top + 8;
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRect(boxX, boxY, width, rowHeight * series.size() + 6);
        g.setColor(GRID.darker());
        g.drawRect(boxX, boxY, width, rowHeight * series.size() + 6);
        for (int i = 0; i < series.size(); i++) {
            int rowY = boxY + 4 + i * rowHeight + rowHeight / 2;
            g.setColor(series.get(i).color());
            g.fillRect(boxX + 6, rowY - 2, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(series.get(i).name(), boxX + 30, rowY + metrics.getAscent() / 2 - 1);
        }
    }

    /**
     * Round-number ticks (1, 2 or 5 times a power of ten, at least {@code minStep} apart) covering [min, max],
     * about {@value #TARGET_TICKS} of them.
     */
    static List<Double> niceTicks(double min, double max, double minStep) {
        double rough = (max - min) / (TARGET_TICKS - 1);
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / magnitude;
        double step = Math.max(minStep, (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * magnitude);
        List<Double> ticks = new ArrayList<>();
        for (long k = (long) Math.ceil(min / step); k * step <= max + step * 1e-9; k++) {
            // Rounded to 12 digits so 3 x 0.2 is the 0.6 a reader expects, not 0.6000000000000001.
            ticks.add(new BigDecimal(k * step).round(new MathContext(12)).doubleValue());
        }
        return ticks;
    }

    /** Whole decades inside the (log10) range; linear ticks of the exponent when it spans less than two. */
    private static List<Double> logTicks(Range exponents) {
        List<Double> ticks = new ArrayList<>();
        for (double e = Math.ceil(exponents.min()); e <= exponents.max(); e++) {
            ticks.add(e);
        }
        return ticks.size() >= 2 ? ticks : niceTicks(exponents.min(), exponents.max(), 0);
    }

    /** A tick label: plain digits for ordinary magnitudes, scientific notation for tiny or huge ones. */
    static String format(double value) {
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude < 1e-3 || magnitude >= 1e5) {
            return String.format(Locale.ROOT, "%.1e", value).replace(".0e", "e");
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
