package org.trapstream.model.arch;

import java.util.Arrays;
import java.util.Locale;

/**
 * The network families the {@code train} command can train ({@code --architecture}, {@code trainer.architecture}):
 * the small seed CNN, or one of DL4J's zoo architectures.
 *
 * <p>The smallest input side each zoo network accepts was measured on DL4J 1.0.0-M2.1 (squeezenet fails at 20 px
 * and works at 24, resnet50 fails at 66 and works at 72, vgg16 works at 16): below it, a pooling layer's output
 * shrinks to nothing. The minimums here leave a little room above those edges.
 */
public enum Architecture {

    SEED_CNN("seed-cnn", 1),
    SQUEEZENET("squeezenet", 32),
    RESNET50("resnet50", 72),
    VGG16("vgg16", 32);

    private final String code;
    private final int minInputSize;

    Architecture(String code, int minInputSize) {
        this.code = code;
        this.minInputSize = minInputSize;
    }

    /** The configuration and command-line word: {@code seed-cnn}, {@code squeezenet}, ... */
    public String code() {
        return code;
    }

    /** The smallest square input side, in pixels, the network accepts (the seed CNN checks its own). */
    public int minInputSize() {
        return minInputSize;
    }

    public static Architecture of(String code) {
        String wanted = code.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.code.equals(wanted)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("Unknown architecture '" + code + "', expected one of "
                + Arrays.stream(values()).map(Architecture::code).toList()));
    }
}
