package org.trapstream.model.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One line of training progress: {@code epoch 2/4 [=====>    ] 58% loss 0.93 12.3 img/s eta 40s}.
 * On a terminal the line is redrawn in place with {@code \r} after every batch; in a log only each epoch's
 * final line is written, so CI logs are not flooded.
 */
final class ProgressBar {

    private static final int WIDTH = 20;

    private final PrintStream out;
    private final boolean interactive;

    ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Redraws the line (terminal only). */
    void update(int epoch, int epochs, int done, int total, double loss, double imagesPerSecond, long etaSeconds) {
        if (interactive) {
            out.print("\r" + line(epoch, epochs, done, total, loss, imagesPerSecond, etaSeconds));
            out.flush();
        }
    }

    /** Ends the epoch's line with its validation summary. */
    void finishEpoch(int epoch, int epochs, int total, double loss, double imagesPerSecond, long etaSeconds,
                     String summary) {
        out.print((interactive ? "\r" : "") + line(epoch, epochs, total, total, loss, imagesPerSecond, etaSeconds)
            + " | " + summary + System.lineSeparator());
        out.flush();
    }

    static String line(int epoch, int epochs, int done, int total, double loss, double imagesPerSecond,
                       long etaSeconds) {
        double fraction = total == 0 ? 1 : (double) done / total;
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (filled == WIDTH ? "=" : ">") : "")
            + " ".repeat(WIDTH - filled);
        return String.format(Locale.ROOT, "epoch %d/%d [%s] %3d%% loss %.2f %.1f img/s eta %ds",
            epoch, epochs, bar, Math.round(fraction * 100), loss, imagesPerSecond, etaSeconds);
    }
}
