package org.trapstream.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trapstream.common.io.SerialFilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every script that starts a Trapstream JVM (the container's entrypoint, {@code ./trapstream}, {@code ./bench})
 * passes {@code -Djdk.serialFilter} with the pattern {@link SerialFilter#PATTERN} defines.
 */
class SerialFilterFlagTest {

    private static final Pattern DEFINITION = Pattern.compile("(?m)^SERIAL_FILTER='([^']*)'$");

    static List<Path> scripts() {
        Path repository = ManifestDirs.MODULE.getParent();
        return List.of(ManifestDirs.MODULE.resolve("docker/trapstream"), repository.resolve("trapstream"),
            repository.resolve("bench"));
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void theScriptPassesTheFilterOfSerialFilter(Path script) throws IOException {
        String text = Files.readString(script);
        Matcher definition = DEFINITION.matcher(text);
        assertTrue(definition.find(), script + " defines SERIAL_FILTER");
        assertEquals(SerialFilter.PATTERN, definition.group(1), script + ": the pattern drifted from SerialFilter");
        assertTrue(text.contains("\"-Djdk.serialFilter=$SERIAL_FILTER\""), script + " passes it to java");
    }
}
