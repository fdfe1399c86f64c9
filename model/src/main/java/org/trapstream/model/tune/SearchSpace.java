package org.trapstream.model.tune;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.trapstream.model.arch.SeedCnn;

/**
 * Where random search draws configurations from: the learning rate log-uniformly (its effect is
 * multiplicative), the dropout uniformly, the convolution depth, base width and dense size from short lists.
 * Kernel, batch norm and L2 stay those of {@link SeedCnn#DEFAULT}. Sampled values are rounded (learning rate
 * to 3 significant digits, dropout to 2 decimals) so a configuration reads well and survives JSON unchanged.
 */
public record SearchSpace(double minLearningRate, double maxLearningRate, double minDropout, double maxDropout,
                          List<Integer> convBlocks, List<Integer> baseFilters, List<Integer> denseSizes) {

    /** Around the seed CNN's defaults (lr 1e-3, dropout 0.25, 3 blocks of 16 filters, dense 64). */
    public static final SearchSpace DEFAULT = new SearchSpace(1e-4, 1e-2, 0.0, 0.5,
        List.of(2, 3, 4), List.of(8, 16, 32), List.of(32, 64, 128));

    public SearchSpace {
        if (!(minLearningRate > 0 && minLearningRate <= maxLearningRate)
            || !(minDropout >= 0 && minDropout <= maxDropout && maxDropout < 1)
            || convBlocks.isEmpty() || baseFilters.isEmpty() || denseSizes.isEmpty()) {
            throw new IllegalArgumentException("Invalid search space");
        }
        convBlocks = List.copyOf(convBlocks);
        baseFilters = List.copyOf(baseFilters);
        denseSizes = List.copyOf(denseSizes);
    }

    /**
     * This space less the depths an input side cannot take: each block halves the side, so the side must
     * divide by 2^blocks.
     *
     * @throws IllegalArgumentException when no depth fits
     */
    public SearchSpace forImageSize(int imageSize) {
        List<Integer> fitting = convBlocks.stream().filter(blocks -> imageSize % (1 << blocks) == 0).toList();
        if (fitting.isEmpty()) {
            throw new IllegalArgumentException("Image size " + imageSize + " does not divide by 2^blocks for any of "
                + convBlocks + " convolution blocks");
        }
        return new SearchSpace(minLearningRate, maxLearningRate, minDropout, maxDropout, fitting, baseFilters,
            denseSizes);
    }

    /** {@code count} configurations with ids 1..count; the same seed gives the same list. */
    public List<Trial> sample(int count, long seed) {
        Random random = new Random(seed);
        List<Trial> trials = new ArrayList<>(count);
        for (int id = 1; id <= count; id++) {
            trials.add(sample(id, random));
        }
        return trials;
    }

    private Trial sample(int id, Random random) {
        double logMin = Math.log(minLearningRate);
        double learningRate = Math.exp(logMin + random.nextDouble() * (Math.log(maxLearningRate) - logMin));
        double dropout = minDropout + random.nextDouble() * (maxDropout - minDropout);
        SeedCnn base = SeedCnn.DEFAULT;
        SeedCnn architecture = new SeedCnn(pick(convBlocks, random), pick(baseFilters, random), base.kernel(),
            base.batchNorm(), Math.min(round(dropout, 2), maxDropout), pick(denseSizes, random), base.l2());
        return new Trial(id, new BigDecimal(learningRate).round(new MathContext(3)).doubleValue(), architecture);
    }

    private static int pick(List<Integer> choices, Random random) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static double round(double value, int decimals) {
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
