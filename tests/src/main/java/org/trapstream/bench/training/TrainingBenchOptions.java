package org.trapstream.bench.training;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;

import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.launcher.SystemConfig;
import org.trapstream.model.train.TrainingOptions;
import org.trapstream.model.train.TrainingSettings;

/**
 * The command line of the training benchmark and the sizes of its figures. Training settings go through
 * {@link TrapstreamConfig} and {@link TrainingOptions#from}, so every run trains exactly as the trainer role
 * would with those keys, and options the model module adds later keep their configured defaults.
 *
 * @param headlineSize   input side of the bee model (figures 1, 2, 4) and therefore of the Borneo runs (3),
 *                       whose transferred features only work at the size they were learned at
 * @param borneoSeeds    seeds of the repeated Borneo runs (head init, shuffling, augmentation)
 * @param curveSize      input side of the learning-curve models (5): trends, not headline accuracy
 * @param curveSeeds     seeds of the repeated learning curves
 * @param measureSize    input side of the training-measure comparison (7), bee and Borneo alike
 * @param measureEpochs  its epochs on the bee set (Borneo runs borneoEpochs at borneoBatchSize: 46 images need
 *                       more passes)
 * @param measureSeeds   its seeds: each measure is trained under every one
 * @param figures        the figures to run (1 to 7); 1, 2 and 4 come from one model, which figure 3 needs too
 */
public record TrainingBenchOptions(boolean quick, Path out, Set<Integer> figures, TrapstreamConfig config,
                                   int headlineSize,
                                   int headlineEpochs, int borneoEpochs, int borneoBatchSize, List<Long> borneoSeeds,
                                   int curveSize, int curveEpochs, List<Long> curveSeeds,
                                   LearningCurve.Rounds curveRounds, int measureSize, int measureEpochs,
                                   List<Long> measureSeeds) {

    private static final Set<Integer> ALL_FIGURES = Set.of(1, 2, 3, 4, 5, 6, 7);

    public static final String USAGE = """
        Usage: ./bench training [--quick] [--out DIR] [--figures LIST]
          --quick    a smaller version (about 20 minutes): bee model at 32 px for 1 epoch, 1 Borneo seed,
                     1 learning curve from 60 to 300 labels, training measures at 32 px for 2 epochs
                     (Borneo: 10) with 2 seeds
          --out DIR  where the JSON, Markdown and PNG results go (default ./bench-results)
          --figures LIST  only these figures, e.g. 6,7 (default: all, 1 to 7; 3 also runs 1, 2 and 4)
        Datasets: shared/datasets beside the checkout, or -Dtrapstream.shared=DIR (a folder holding datasets/).
        """;

    /** @throws IllegalArgumentException with a message for the user when an argument is wrong */
    public static TrainingBenchOptions parse(List<String> args) {
        boolean quick = false;
        Path out = Path.of("bench-results");
        Set<Integer> figures = ALL_FIGURES;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--quick" -> quick = true;
                case "--out" -> {
                    if (++i >= args.size()) {
                        throw new IllegalArgumentException("Option --out needs a value");
                    }
                    out = Path.of(args.get(i));
                }
                case "--figures" -> {
                    if (++i >= args.size()) {
                        throw new IllegalArgumentException("Option --figures needs a value");
                    }
                    figures = figures(args.get(i));
                }
                default -> throw new IllegalArgumentException("Unknown option " + args.get(i));
            }
        }
        TrapstreamConfig config = TrapstreamConfig.of(SystemConfig.DEFINITION, Map.of());
        int defaultSize = config.getInt(TrainingSettings.TRAIN_IMAGE_SIZE);
        int defaultEpochs = config.getInt(TrainingSettings.TRAIN_EPOCHS);
        long seed = config.getLong(TrainingSettings.TRAIN_SEED);
        return quick
            ? new TrainingBenchOptions(true, out, figures, config, 32, 1, 10, 16, seeds(seed, 1), 32, 2, seeds(seed, 1),
                new LearningCurve.Rounds(60, 120, 300), 32, 2, seeds(seed, 2))
            : new TrainingBenchOptions(false, out, figures, config, defaultSize, defaultEpochs, 15, 16, seeds(seed, 3), 32, 3,
                seeds(seed, 2), new LearningCurve.Rounds(60, 120, 900), defaultSize, defaultEpochs, seeds(seed, 3));
    }

    /**
     * The configured training options with these overrides; the batch size stays the configured one unless
     * {@code batchSize} is positive.
     */
    public TrainingOptions training(int imageSize, int epochs, int batchSize, long seed) {
        return training(imageSize, epochs, batchSize, seed, Map.of());
    }

    /** {@link #training(int, int, int, long)} with other training keys set too (a measure's). */
    public TrainingOptions training(int imageSize, int epochs, int batchSize, long seed, Map<String, String> keys) {
        Map<String, String> overrides = new HashMap<>(keys);
        overrides.put(TrainingSettings.TRAIN_IMAGE_SIZE, Integer.toString(imageSize));
        overrides.put(TrainingSettings.TRAIN_EPOCHS, Integer.toString(epochs));
        overrides.put(TrainingSettings.TRAIN_SEED, Long.toString(seed));
        if (batchSize > 0) {
            overrides.put(TrainingSettings.TRAIN_BATCH_SIZE, Integer.toString(batchSize));
        }
        return TrainingOptions.from(config.with(overrides));
    }

    /** Whether figure {@code figure} is to be run. */
    public boolean runs(int figure) {
        return figures.contains(figure);
    }

    private static Set<Integer> figures(String list) {
        Set<Integer> figures = new TreeSet<>();
        try {
            for (String item : list.split(",")) {
                figures.add(Integer.parseInt(item.trim()));
            }
        } catch (NumberFormatException e) {
            figures.clear();
        }
        if (figures.isEmpty() || !ALL_FIGURES.containsAll(figures)) {
            throw new IllegalArgumentException("--figures takes figure numbers 1 to 7, e.g. 6,7; got " + list);
        }
        return Set.copyOf(figures);
    }

    public long seed() {
        return config.getLong(TrainingSettings.TRAIN_SEED);
    }

    public int validationPercent() {
        return config.getInt(TrainingSettings.SPLIT_VALIDATION_PERCENT);
    }

    private static List<Long> seeds(long first, int count) {
        return LongStream.range(first, first + count).boxed().toList();
    }
}
