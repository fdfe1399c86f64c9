package org.trapstream.dashboard;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The arrangement the dashboard's API tests share: one dashboard on the real broker, over a fresh data dir. */
abstract class DashboardApiTest {

    @TempDir
    static Path dataDir;
    static DashboardHarness dashboard;

    @BeforeAll
    static void start() throws Exception {
        dashboard = DashboardHarness.start(dataDir);
    }

    @AfterAll
    static void stop() throws Exception {
        dashboard.close();
    }
}
