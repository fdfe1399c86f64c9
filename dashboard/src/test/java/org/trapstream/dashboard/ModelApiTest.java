package org.trapstream.dashboard;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.ModelAnnouncement;
import org.trapstream.common.http.Problem;
import org.trapstream.serving.ModelMetadata;
import org.trapstream.serving.ModelStatus;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.dashboard.DashboardHarness.OPERATOR_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.TOKEN;
import static org.trapstream.dashboard.DashboardHarness.VIEWER_TOKEN;
import static org.trapstream.dashboard.DashboardHarness.awaitAnnouncement;

/**
 * The model registry over HTTP, with real ONNX versions in the registry and the announcements read back from
 * {@code camtrap.models} on the real broker, as a classifier reads them.
 */
class ModelApiTest extends DashboardApiTest {

    @TempDir
    Path work;

    private static JsonObject versionIn(JsonArray versions, String version) {
        return versions.stream().map(JsonObject.class::cast)
            .filter(v -> version.equals(v.getString("version"))).findFirst()
            .orElseThrow(() -> new AssertionError(version + " not listed in " + versions.encode()));
    }

    @Test
    void viewersSeeEveryVersionWithItsStatusMetricsAndCharts() throws IOException {
        ModelMetadata model = dashboard.importModel(work);
        byte[] chart = TestImages.encode(TestImages.noise(ThreadLocalRandom.current(), 40, 30), "png");
        Files.write(dashboard.models().versionDir(model.version()).resolve("learning-curves.png"), chart);

        HttpResponse<String> list = dashboard.get("/api/v1/models", VIEWER_TOKEN);
        assertEquals(200, list.statusCode(), list.body());
        JsonObject listed = versionIn(new JsonArray(list.body()), model.version());
        assertEquals("candidate", listed.getString("status"));
        assertFalse(listed.getBoolean("serving"));
        assertEquals(new JsonArray().add("learning-curves.png"), listed.getJsonArray("charts"));
        assertEquals(model.sha256(), listed.getString("sha256"));
        assertFalse(listed.containsKey("history"), "the list leaves out the per-epoch history");

        HttpResponse<String> one = dashboard.get("/api/v1/models/" + model.version(), VIEWER_TOKEN);
        assertEquals(200, one.statusCode(), one.body());
        JsonObject detail = new JsonObject(one.body());
        assertEquals(model.labels(), detail.getJsonArray("labels").getList());
        assertNotNull(detail.getJsonObject("metrics"));
        assertNotNull(detail.getJsonArray("history"));

        HttpResponse<byte[]> png = dashboard.getBytes(
            "/api/v1/models/" + model.version() + "/charts/learning-curves.png", VIEWER_TOKEN);
        assertEquals(200, png.statusCode());
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(chart, png.body());
    }

    @Test
    void aCalibratedVersionsMostConfidentMistakesAndTheirGridAreServed() throws IOException {
        ModelMetadata model = dashboard.importCalibratedModel(work);
        Path grid = dashboard.models().versionDir(model.version()).resolve("misclassified.png");

        JsonObject detail = new JsonObject(dashboard.get("/api/v1/models/" + model.version(), VIEWER_TOKEN).body());
        JsonObject listed = versionIn(new JsonArray(dashboard.get("/api/v1/models", VIEWER_TOKEN).body()),
            model.version());

        JsonArray mistakes = detail.getJsonObject("metrics").getJsonArray("misclassified");
        assertFalse(mistakes.isEmpty(), detail.getJsonObject("metrics").encode());
        assertEquals(model.metrics().getJsonArray("misclassified"), mistakes, "metadata.json's list, as kept");
        assertEquals(mistakes, listed.getJsonObject("metrics").getJsonArray("misclassified"), "bounded: listed too");
        assertTrue(detail.getJsonArray("charts").contains("misclassified.png"), detail.getJsonArray("charts").encode());
        HttpResponse<byte[]> png = dashboard.getBytes(
            "/api/v1/models/" + model.version() + "/charts/misclassified.png", VIEWER_TOKEN);
        assertEquals(200, png.statusCode());
        assertArrayEquals(Files.readAllBytes(grid), png.body());
    }

    @Test
    void unknownVersionsAndChartsAreNotFoundAndBadNamesRefused() {
        ModelMetadata model = dashboard.importModel(work);

        assertEquals(404, dashboard.get("/api/v1/models/v9999999").statusCode());
        assertEquals(404, dashboard.get("/api/v1/models/" + model.version() + "/charts/missing.png").statusCode());
        assertEquals(404, dashboard.get("/api/v1/models/" + model.version() + "/charts/metadata.json").statusCode(),
            "only charts are served from a version's directory");
        HttpResponse<String> badName = dashboard.get("/api/v1/models/..%2Fimages");
        assertEquals(400, badName.statusCode(), badName.body());
        assertEquals("invalid_version", new JsonObject(badName.body()).getString(Problem.CODE));
        assertEquals(404, dashboard.post("/api/v1/models/v9999999/promote", OPERATOR_TOKEN).statusCode());
        assertEquals(401, dashboard.get("/api/v1/models", null).statusCode());
    }

    @Test
    void anOperatorPromotesAndClassifiersAreToldOnTheModelsTopic() {
        ModelMetadata model = dashboard.importModel(work);

        HttpResponse<String> promoted = dashboard.post("/api/v1/models/" + model.version() + "/promote", OPERATOR_TOKEN);

        assertEquals(200, promoted.statusCode(), promoted.body());
        ModelAnnouncement answered = ModelAnnouncement.fromJson(new JsonObject(promoted.body()));
        ModelAnnouncement announced = awaitAnnouncement(model, 1);
        assertEquals(answered, announced, "the answer is the announcement");
        assertEquals(model.version(), announced.version());
        assertEquals(model.modelName(), announced.modelName());
        assertEquals(model.sha256(), announced.sha256());
        // What a classifier checks an announcement against before it swaps: the registry's own promotion.
        assertEquals(announced, dashboard.models().promotedAnnouncement().orElseThrow());
        assertEquals(ModelStatus.PROMOTED, dashboard.models().metadata(model.version()).status());
        JsonObject listed = versionIn(new JsonArray(dashboard.get("/api/v1/models").body()), model.version());
        assertTrue(listed.getBoolean("serving"));
        assertEquals("promoted", listed.getString("status"));
    }

    @Test
    void rollbackServesTheVersionThatServedBefore() {
        ModelMetadata earlier = dashboard.importModel(work);
        ModelMetadata later = dashboard.importModel(work);
        assertEquals(200, dashboard.post("/api/v1/models/" + earlier.version() + "/promote", OPERATOR_TOKEN).statusCode());
        assertEquals(200, dashboard.post("/api/v1/models/" + later.version() + "/promote", OPERATOR_TOKEN).statusCode());
        awaitAnnouncement(later, 1);

        HttpResponse<String> rolledBack = dashboard.post("/api/v1/models/rollback", OPERATOR_TOKEN);

        assertEquals(200, rolledBack.statusCode(), rolledBack.body());
        assertEquals(earlier.version(), new JsonObject(rolledBack.body()).getString("version"));
        ModelAnnouncement announced = awaitAnnouncement(earlier, 2);
        assertEquals(earlier.version(), announced.version());
        assertEquals(announced, dashboard.models().promotedAnnouncement().orElseThrow());
        ModelMetadata undone = dashboard.models().metadata(later.version());
        assertEquals(ModelStatus.CANDIDATE, undone.status());
        assertEquals("rolled back to " + earlier.version(), undone.statusReason());
    }

    @Test
    void onlyOperatorsMayPromoteOrRollBack() {
        ModelMetadata model = dashboard.importModel(work);
        String promote = "/api/v1/models/" + model.version() + "/promote";

        for (String token : new String[] {VIEWER_TOKEN, TOKEN}) {
            assertEquals(403, dashboard.post(promote, token).statusCode());
            assertEquals(403, dashboard.post("/api/v1/models/rollback", token).statusCode());
        }
        assertEquals(401, dashboard.post(promote, null).statusCode());
        assertEquals(ModelStatus.CANDIDATE, dashboard.models().metadata(model.version()).status(),
            "a refused promotion changes nothing");
    }
}
