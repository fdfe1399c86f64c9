package org.trapstream.model.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

import org.slf4j.Logger;

/**
 * One line of training progress: {@code epoch 2/4 [=====>    ] 58% loss 0.93 12.3 img/s eta 40s}.
 * On a terminal the line is redrawn in place with {@code \r} after every batch; in a log only each epoch's
 * final line is written, so CI logs are not flooded.
 */
final class ProgressBar {

    private static final int WIDTH = 20;

    /** Where the line is redrawn after every batch; null when only finished epochs are reported. */
    private final PrintStream live;
    private final Consumer<String> finishedEpochs;

    ProgressBar(PrintStream out, boolean interactive) {
        this.live = interactive ? out : null;
        this.finishedEpochs = line -> {
            out.print((interactive ? "\r" : "") + line + System.lineSeparator());
            out.flush();
        };
    }

    private ProgressBar(Consumer<String> finishedEpochs) {
        this.live = null;
        this.finishedEpochs = finishedEpochs;
    }

    /** One INFO line per finished epoch, for services whose output is a log. */
    static ProgressBar toLog(Logger log) {
        return new ProgressBar(log::info);
    }

    /** Redraws the line (terminal only). */
    void update(int epoch, int epochs, int done, int total, double loss, double imagesPerSecond, long etaSeconds) {
        if (live != null) {
            live.print("\r" + line(epoch, epochs, done, total, loss, imagesPerSecond, etaSeconds));
            live.flush();
        }
    }

    /** Ends the epoch's line with its validation summary. */
    void finishEpoch(int epoch, int epochs, int total, double loss, double imagesPerSecond, long etaSeconds,
                     String summary) {
        finishedEpochs.accept(line(epoch, epochs, total, total, loss, imagesPerSecond, etaSeconds) + " | " + summary);
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
