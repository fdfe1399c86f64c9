package org.trapstream.launcher;

import java.util.Properties;

import org.trapstream.common.metrics.Build;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code trapstream --version} prints: the version, the commit and the native backends, as recorded when the
 * launcher was built. The backends are the build's, not probed: starting ND4J loads its native libraries, which took
 * 5 s on the 2-core reference machine, and {@code --version} should answer at once.
 */
final class BuildInfo implements IVersionProvider {

    private static final String RESOURCE = "build.properties";
    private static final String UNKNOWN = "unknown";

    @Override
    public String[] getVersion() {
        Properties build = Build.properties(BuildInfo.class, RESOURCE);
        return new String[] {
            "trapstream " + Build.current().version(),
            "commit:       " + Build.current().revision(),
            "ND4J backend: " + build.getProperty("nd4j.backend", UNKNOWN) + " (as built)",
            "ONNX Runtime: " + build.getProperty("onnxruntime", UNKNOWN) + " (as built)",
        };
    }
}
