package org.trapstream.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.Prediction;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.kafka.TestKafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trapstream.dashboard.DashboardHarness.VIEWER_TOKEN;

/**
 * The live stream's limits, on a dashboard that allows one client, beats often and queues little for a client:
 * the cap, the heartbeat, and a client that stops reading being cut off.
 */
class LiveStreamLimitsTest {

    @TempDir
    static Path dataDir;
    static DashboardHarness dashboard;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        dashboard = DashboardHarness.start(dataDir, Map.of(DashboardConfig.LIVE_MAX_CLIENTS, "1",
            DashboardConfig.LIVE_HEARTBEAT, "200ms", DashboardConfig.LIVE_CLIENT_BUFFER_BYTES, "4096"));
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

    @Test
    void aClientThatStopsReadingIsCutOffAndItsPlaceFreed() throws Exception {
        double cutOffBefore = slowClientsCut();
        DashboardHarness.eventually("no other client", () -> Optional.of(liveClients()).filter(n -> n == 0));
        try (Socket socket = new Socket()) {
            // A small receive window, never read from: what the dashboard writes piles up on its side.
            socket.setReceiveBufferSize(2048);
            socket.connect(new InetSocketAddress("127.0.0.1", dashboard.port()), 5000);
            socket.getOutputStream().write(("GET /api/v1/predictions/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + VIEWER_TOKEN + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            awaitText(in, "event: ready");
            // Wide predictions (40 labels in the top-k), so the kernel's socket buffers fill in a few bursts.
            List<Prediction.LabelScore> topK = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                topK.add(new Prediction.LabelScore("a_rather_long_species_name_number_" + i, 0.5 / (i + 1)));
            }
            DashboardHarness.eventually("the stalled client to be cut off", () -> {
                List<ProducerRecord<String, byte[]>> burst = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    Prediction prediction = DashboardHarness.prediction(DashboardHarness.unknownImageId(), topK,
                        List.of(Prediction.Review.LOW_CONFIDENCE));
                    burst.add(new ProducerRecord<>(Topics.PREDICTIONS, 0, prediction.imageId(),
                        prediction.toJson().toBuffer().getBytes()));
                }
                TestKafka.send(burst);
                return slowClientsCut() > cutOffBefore ? Optional.of(true) : Optional.empty();
            });
            // Its connection is closed: reading what was queued for it ends.
            socket.setSoTimeout(30_000);
            byte[] buffer = new byte[65536];
            while (in.read(buffer) >= 0) {
                // drain
            }
        }
        assertEquals(0.0, liveClients(), "its place is free");
    }

    /** Reads the stream byte by byte up to and including {@code text}, and no further. */
    private static void awaitText(InputStream in, String text) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf(text) < 0) {
            int next = in.read();
            if (next < 0) {
                throw new AssertionError("the stream ended before " + text + ": " + seen);
            }
            seen.append((char) next);
        }
    }

    private static double liveClients() {
        return dashboard.registry().get("camtrap.dashboard.live.clients").gauge().value();
    }

    private static double slowClientsCut() {
        Counter counter = dashboard.registry().find("camtrap.dashboard.live.slow.clients").counter();
        return counter == null ? 0 : counter.count();
    }
}
