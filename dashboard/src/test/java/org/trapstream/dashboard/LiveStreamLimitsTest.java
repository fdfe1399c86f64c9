package org.trapstream.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trapstream.dashboard.DashboardHarness.VIEWER_TOKEN;

/** The live stream's client cap and heartbeat, on a dashboard that allows one client and beats often. */
class LiveStreamLimitsTest {

    @TempDir
    static Path dataDir;
    static DashboardHarness dashboard;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        dashboard = DashboardHarness.start(dataDir, Map.of(DashboardConfig.LIVE_MAX_CLIENTS, "1",
            DashboardConfig.LIVE_HEARTBEAT, "200ms"));
    }

    @AfterAll
    static void stop() {
        dashboard.close();
    }

    private HttpResponse<InputStream> open() {
        return EventStream.open(http, dashboard.baseUrl() + "/api/v1/predictions/stream", VIEWER_TOKEN);
    }

    @Test
    void oneClientTooManyIsToldToComeBackAndAFreedPlaceIsTakenAgain() throws Exception {
        try (EventStream first = EventStream.follow(open())) {
            HttpResponse<InputStream> second = open();
            assertEquals(503, second.statusCode());
            assertEquals("5", second.headers().firstValue("Retry-After").orElseThrow());
            second.body().close();

            assertEquals("heartbeat", first.await(event -> event.name().equals(":")).data(),
                "an idle stream sends comments");
        }
        DashboardHarness.eventually("the closed client's place to be free", () -> {
            HttpResponse<InputStream> again = open();
            if (again.statusCode() != 200) {
                return Optional.empty();
            }
            try (EventStream stream = EventStream.follow(again)) {
                return Optional.of(stream);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
