package org.trapstream.ingest;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the ingest tests with one role per class share: the role's data directory, the role (each class starts it
 * in its own {@code @BeforeAll} with its settings; it is closed here after the class), and noise for test images
 * with a new seed per run, so that ids from earlier runs on the shared broker never match.
 */
abstract class IngestRoleTest {

    @TempDir
    static Path dataDir;
    static IngestHarness ingest;
    final Random random = new Random(UUID.randomUUID().getMostSignificantBits());

    /** Starts this class's ingest role, in a consumer group of its own named after {@code name}. */
    static void startIngest(String name, Map<String, String> settings) {
        ingest = IngestHarness.start(dataDir, name + "-" + UUID.randomUUID(), settings);
    }

    @AfterAll
    static void stopIngest() {
        ingest.close();
    }
}
