package org.trapstream.common.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and git commit this build was made from, as Maven recorded them when common was built; "unknown"
 * where the classes run without that record (from an IDE) or were built outside a git checkout.
 */
public record Build(String version, String revision) {

    private static final String RESOURCE = "build.properties";
    private static final String UNKNOWN = "unknown";
    private static final Build CURRENT = read();

    public static Build current() {
        return CURRENT;
    }

    private static Build read() {
        Properties build = properties(Build.class, RESOURCE);
        return new Build(build.getProperty("version", UNKNOWN), build.getProperty("git.commit", UNKNOWN));
    }

    /** A build record beside {@code owner}'s class file, as Maven filtered it; empty when there is none. */
    public static Properties properties(Class<?> owner, String resource) {
        Properties build = new Properties();
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
        return build;
    }
}
