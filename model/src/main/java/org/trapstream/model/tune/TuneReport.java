package org.trapstream.model.tune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleFunction;

import io.vertx.core.json.JsonObject;
import org.trapstream.model.arch.SeedCnn;

/**
 * The outcome of a search: its rows as a table, {@value #RESULTS_FILE} and, when any trial was scored,
 * {@value #BEST_FILE} with the best configuration.
 *
 * @param search how the search ran (image size, seed, budget, ...), copied into the best configuration's JSON
 */
public record TuneReport(List<TrialResult> results, JsonObject search) {

    public static final String RESULTS_FILE = "tune-results.csv";
    public static final String BEST_FILE = "best-config.json";

    /** Highest macro-F1, then accuracy; on a tie the longer-trained row, then the earlier trial. */
    private static final Comparator<TrialResult> BEST = TrialResult.BY_SCORE
        .thenComparingInt(r -> -r.epochs())
        .thenComparingInt(r -> r.trial().id());

    private static final String[] COLUMNS = {"trial", "rung", "epochs", "learning_rate", "dropout", "conv_blocks",
        "base_filters", "dense", "val_macro_f1", "val_accuracy", "seconds", "status"};
    private static final String TABLE_ROW = "%5s %4s %6s %9s %7s %6s %7s %5s %8s %8s %8s  %s%n";

    public TuneReport {
        results = List.copyOf(results);
        search = search.copy();
    }

    /** The best scored row over all rungs; empty when no training run finished. */
    public Optional<TrialResult> best() {
        return results.stream().filter(TrialResult::scored).min(BEST);
    }

    /**
     * {@code {"trial", "learning_rate", "architecture", "epochs", "val_macro_f1", "val_accuracy", "search"}}
     * of the best row.
     */
    public Optional<JsonObject> bestConfig() {
        return best().map(row -> row.trial().toJson()
            .put("epochs", row.epochs())
            .put("val_macro_f1", row.score().macroF1())
            .put("val_accuracy", row.score().accuracy())
            .put("search", search.copy()));
    }

    /** Fixed-width columns for a terminal, one row per training run, the best row marked with {@code *}. */
    public String table() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, TABLE_ROW, "TRIAL", "RUNG", "EPOCHS", "LR",
            "DROPOUT", "BLOCKS", "FILTERS", "DENSE", "VAL_F1", "VAL_ACC", "SECONDS", "STATUS"));
        Optional<TrialResult> best = best();
        for (TrialResult row : results) {
            String[] cells = cells(row, r -> String.format(Locale.ROOT, "%.2e", r), "%.3f", "%.1f");
            String status = cells[11] + (best.isPresent() && best.get() == row ? " *" : "");
            text.append(String.format(Locale.ROOT, TABLE_ROW, cells[0], cells[1], cells[2], cells[3], cells[4],
                cells[5], cells[6], cells[7], orDash(cells[8]), orDash(cells[9]), cells[10], status));
        }
        return text.toString();
    }

    /** A header and one line per row; scores are empty for rows that were not trained or failed. */
    public String csv() {
        StringBuilder text = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        results.forEach(row -> text
            .append(String.join(",", cells(row, r -> BigDecimal.valueOf(r).stripTrailingZeros().toPlainString(), "%.6f", "%.3f")))
            .append('\n'));
        return text.toString();
    }

    /** Writes {@value #RESULTS_FILE}, and {@value #BEST_FILE} when there is a best row, into {@code dir}. */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(RESULTS_FILE), csv());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the tuning results to " + dir, e);
        }
        bestConfig().ifPresent(best -> writeBestConfig(dir, best));
    }

    /** (Re)writes {@value #BEST_FILE}, e.g. once the best configuration has been trained into a model version. */
    public static void writeBestConfig(Path dir, JsonObject bestConfig) {
        try {
            Files.writeString(dir.resolve(BEST_FILE), bestConfig.encodePrettily() + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the best configuration to " + dir, e);
        }
    }

    /** The row's cells in column order. */
    private static String[] cells(TrialResult row, DoubleFunction<String> rate, String scoreFormat,
                                  String secondsFormat) {
        SeedCnn cnn = row.trial().architecture();
        return new String[] {
            Integer.toString(row.trial().id()),
            Integer.toString(row.rung()),
            Integer.toString(row.epochs()),
            rate.apply(row.trial().learningRate()),
            String.format(Locale.ROOT, "%.2f", cnn.dropout()),
            Integer.toString(cnn.convBlocks()),
            Integer.toString(cnn.baseFilters()),
            Integer.toString(cnn.denseSize()),
            row.scored() ? String.format(Locale.ROOT, scoreFormat, row.score().macroF1()) : "",
            row.scored() ? String.format(Locale.ROOT, scoreFormat, row.score().accuracy()) : "",
            String.format(Locale.ROOT, secondsFormat, row.seconds()),
            row.status().code()};
    }

    private static String orDash(String cell) {
        return cell.isEmpty() ? "-" : cell;
    }
}
