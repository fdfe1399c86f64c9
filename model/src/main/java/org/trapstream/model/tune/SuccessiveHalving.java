package org.trapstream.model.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.model.tune.TrialResult.Status;

/**
 * Successive halving (one Hyperband bracket): train every trial for {@code minEpochs}, keep the best
 * {@code 1/eta} of them (at least one), train those {@code eta} times as many epochs in all, and so on until
 * one trial is left. Trials resume from their previous rung: {@link Objective#train} gets the epochs already
 * done. A rung's survivors are trained best first, so when the budget runs out mid-rung the most promising
 * ones have had their turn.
 *
 * <p>The budget is checked before each training run: a run that has started finishes, but none starts once
 * the budget is spent, and the search ends there. Rows of trials that had been trained but could no longer
 * be compared or trained further say {@link Status#BUDGET}; trials never trained get one row with 0 epochs.
 */
public final class SuccessiveHalving {

    private static final Logger LOG = LoggerFactory.getLogger(SuccessiveHalving.class);

    /** A rung's ranking; on equal scores the earlier trial goes first, so the search stays deterministic. */
    private static final Comparator<TrialResult> BEST_FIRST =
        TrialResult.BY_SCORE.thenComparingInt(r -> r.trial().id());

    private final int eta;
    private final int minEpochs;

    /**
     * @param eta       the factor trials are cut by and epochs grow by from rung to rung, at least 2
     * @param minEpochs epochs of the first rung, at least 1
     */
    public SuccessiveHalving(int eta, int minEpochs) {
        if (eta < 2 || minEpochs < 1) {
            throw new IllegalArgumentException("Need eta >= 2 and min epochs >= 1, got " + eta + " and " + minEpochs);
        }
        this.eta = eta;
        this.minEpochs = minEpochs;
    }

    public int eta() {
        return eta;
    }

    public int minEpochs() {
        return minEpochs;
    }

    /** Epochs in all that the trials of {@code rung} are trained to. */
    public int epochsAt(int rung) {
        return Math.multiplyExact(minEpochs, (int) Math.round(Math.pow(eta, rung)));
    }

    /** How many trials each rung trains when none fails and the budget lasts: e.g. 8, 2, 1 for eta 3. */
    public List<Integer> rungSizes(int trials) {
        List<Integer> sizes = new ArrayList<>();
        for (int size = trials; size > 0; size = size == 1 ? 0 : survivors(size)) {
            sizes.add(size);
        }
        return sizes;
    }

    /**
     * Runs the search. {@code finished} hears of every training run as soon as it ends (status provisional,
     * for progress output).
     *
     * @return every row, in the order the runs happened; never-trained trials last
     */
    public List<TrialResult> run(List<Trial> trials, Objective objective, Budget budget,
                                 Consumer<TrialResult> finished) {
        List<TrialResult> rows = new ArrayList<>();
        List<Trial> alive = List.copyOf(trials);
        int trainedEpochs = 0;
        for (int rung = 0; !alive.isEmpty(); rung++) {
            int epochs = epochsAt(rung);
            int rungStart = rows.size();
            List<Trial> untrained = new ArrayList<>();
            for (Trial trial : alive) {
                if (budget.spent()) {
                    untrained.add(trial);
                } else {
                    TrialResult row = trainOne(trial, rung, trainedEpochs, epochs, objective, budget);
                    rows.add(row);
                    finished.accept(row);
                }
            }
            List<TrialResult> rungRows = rows.subList(rungStart, rows.size());
            if (!untrained.isEmpty()) {
                endByBudget(rows, rungRows, untrained, rung);
                alive.forEach(objective::release);
                return List.copyOf(rows);
            }
            alive = decide(rungRows, alive.size() == 1, budget.spent());
            rows.stream().skip(rungStart).filter(r -> r.status() != Status.PROMOTED)
                .forEach(r -> objective.release(r.trial()));
            trainedEpochs = epochs;
        }
        return List.copyOf(rows);
    }

    private int survivors(int trained) {
        return Math.max(1, trained / eta);
    }

    private TrialResult trainOne(Trial trial, int rung, int fromEpochs, int toEpochs, Objective objective,
                                 Budget budget) {
        long started = budget.now();
        try {
            Objective.Score score = objective.train(trial, fromEpochs, toEpochs);
            return new TrialResult(trial, rung, toEpochs, score, seconds(budget, started), Status.STOPPED);
        } catch (RuntimeException e) {
            // One configuration that cannot train (too big, numerically broken) must not end the whole search.
            LOG.warn("Trial {} ({}) failed at rung {}", trial.id(), trial.describe(), rung, e);
            return new TrialResult(trial, rung, toEpochs, null, seconds(budget, started), Status.FAILED);
        }
    }

    /**
     * Sets the statuses of a completed rung and returns the survivors, best first. The last rung's single
     * trial is final; survivors that the spent budget will not train again say so.
     */
    private List<Trial> decide(List<TrialResult> rungRows, boolean lastRung, boolean budgetSpent) {
        List<TrialResult> ranked = rungRows.stream().filter(TrialResult::scored).sorted(BEST_FIRST).toList();
        int keep = lastRung ? 0 : Math.min(ranked.size(), survivors(rungRows.size()));
        Map<Integer, Status> statuses = new HashMap<>();
        for (int i = 0; i < ranked.size(); i++) {
            Status status = lastRung ? Status.FINAL
                : i >= keep ? Status.STOPPED
                : budgetSpent ? Status.BUDGET : Status.PROMOTED;
            statuses.put(ranked.get(i).trial().id(), status);
        }
        rungRows.replaceAll(row -> row.scored() ? row.withStatus(statuses.get(row.trial().id())) : row);
        return budgetSpent ? List.of() : ranked.subList(0, keep).stream().map(TrialResult::trial).toList();
    }

    /**
     * The budget ran out during {@code rung}: its runs cannot be compared with trials that got no turn, so
     * they end as budget; an untrained survivor's previous row turns from promoted to budget, and a trial
     * never trained at all gets a row of its own.
     */
    private static void endByBudget(List<TrialResult> rows, List<TrialResult> rungRows, List<Trial> untrained,
                                    int rung) {
        rungRows.replaceAll(row -> row.scored() ? row.withStatus(Status.BUDGET) : row);
        if (rung == 0) {
            untrained.forEach(trial -> rows.add(new TrialResult(trial, 0, 0, null, 0, Status.BUDGET)));
            return;
        }
        Map<Integer, Trial> waiting = untrained.stream().collect(Collectors.toMap(Trial::id, t -> t));
        rows.replaceAll(row -> row.rung() == rung - 1 && waiting.containsKey(row.trial().id())
            ? row.withStatus(Status.BUDGET) : row);
    }

    private static double seconds(Budget budget, long startedNanos) {
        return (budget.now() - startedNanos) / 1e9;
    }
}
