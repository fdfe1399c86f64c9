package org.trapstream.model.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.trapstream.model.data.EvaluationPictures;
import org.trapstream.model.eval.Misclassified;

/**
 * The seed tutorials' grid of predictions, for the mistakes only: each image as the network saw it, framed in red,
 * captioned with where it came from, its true label, and the predicted label with the model's confidence; the most
 * confident mistake first, read left to right.
 */
final class MisclassifiedGrid {

    static final int COLUMNS = 4;
    static final int PICTURE = 168;
    static final int PAD = 12;
    private static final int CAPTION_LINE = 15;
    static final int CELL_WIDTH = PICTURE + 2 * PAD;
    static final int CELL_HEIGHT = PICTURE + PAD + 4 * CAPTION_LINE + PAD;
    static final int TITLE_HEIGHT = 40;
    private static final Color MISSING = new Color(0xEEEEEE);

    private MisclassifiedGrid() {
    }

    /** @param mistakes at least one */
    static BufferedImage render(String title, List<Misclassified> mistakes, EvaluationPictures pictures) {
        int columns = Math.min(COLUMNS, mistakes.size());
        int rows = (mistakes.size() + columns - 1) / columns;
        BufferedImage image = Charts.canvas(Math.max(columns * CELL_WIDTH, 360), TITLE_HEIGHT + rows * CELL_HEIGHT);
        Graphics2D g = image.createGraphics();
        try {
            Charts.smooth(g);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.BLACK);
            g.setFont(LinePanel.TITLE_FONT);
            g.drawString(title, (image.getWidth() - g.getFontMetrics().stringWidth(title)) / 2, 26);
            for (int i = 0; i < mistakes.size(); i++) {
                drawCell(g, mistakes.get(i), pictures, (i % columns) * CELL_WIDTH,
                    TITLE_HEIGHT + (i / columns) * CELL_HEIGHT);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawCell(Graphics2D g, Misclassified mistake, EvaluationPictures pictures, int x, int y) {
        int left = x + PAD;
        Optional<BufferedImage> picture = mistake.source() == null ? Optional.empty() : pictures.of(mistake.source());
        if (picture.isPresent()) {
            g.drawImage(picture.get(), left, y, PICTURE, PICTURE, null);
        } else {
            g.setColor(MISSING);
            g.fillRect(left, y, PICTURE, PICTURE);
            g.setColor(Color.GRAY);
            g.setFont(LinePanel.TICK_FONT);
            String missing = "image unavailable";
            g.drawString(missing, left + (PICTURE - g.getFontMetrics().stringWidth(missing)) / 2, y + PICTURE / 2);
        }
        g.setColor(Charts.RED);
        g.setStroke(new BasicStroke(3));
        g.drawRect(left, y, PICTURE, PICTURE);

        int line = y + PICTURE + PAD + CAPTION_LINE - 4;
        g.setFont(LinePanel.TICK_FONT);
        FontMetrics metrics = g.getFontMetrics();
        g.setColor(Color.GRAY);
        g.drawString(tail(mistake.source() == null ? "" : mistake.source(), metrics), left, line);
        g.setColor(Color.BLACK);
        g.drawString(fitted("true: " + mistake.truth(), metrics), left, line + CAPTION_LINE);
        g.setColor(Charts.RED);
        g.drawString(fitted("pred: " + mistake.predicted(), metrics), left, line + 2 * CAPTION_LINE);
        g.drawString(String.format(Locale.ROOT, "confidence %.1f%%", 100 * mistake.confidence()), left,
            line + 3 * CAPTION_LINE);
    }

    /** The end of {@code source} that fits under a picture: a file's name matters more than its folders. */
    private static String tail(String source, FontMetrics metrics) {
        String cut = source;
        while (metrics.stringWidth(cut) > PICTURE && cut.length() > 1) {
            cut = cut.substring(1);
        }
        return cut.equals(source) ? source : "…" + cut.substring(1);
    }

    /** {@code text}, cut with an ellipsis where it is wider than a picture. */
    private static String fitted(String text, FontMetrics metrics) {
        if (metrics.stringWidth(text) <= PICTURE) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && metrics.stringWidth(cut + "…") > PICTURE) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }
}
