package org.trapstream.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trapstream.common.auth.SecretHash;
import org.trapstream.common.auth.Secrets;
import org.trapstream.common.contract.Capture;
import org.trapstream.common.contract.CaptureTimeBasis;
import org.trapstream.common.contract.ImageHeaders;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.http.ApiDocumentCheck;
import org.trapstream.common.kafka.TestKafka;
import org.trapstream.testkit.SharedDatasets;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.common.http.ApiDocumentCheck.assertProblem;

/**
 * The operators' deployments over HTTP, and what they do to the records of images uploaded afterwards, on a real
 * broker.
 */
class DeploymentRoutesTest extends IngestRoleTest {

    private static final String VIEWER = Secrets.generate();
    private static final String OPERATOR = Secrets.generate();

    private final String camera = "cam-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        startIngest("ingest-deployments-test", Map.of(IngestConfig.INGEST_PEOPLE,
            "vera:viewer:" + hash(VIEWER) + ",otto:operator:" + hash(OPERATOR)));
    }

    @Test
    void viewersReadAndOperatorsChangeDeployments() {
        String id = "dep-" + UUID.randomUUID();
        JsonObject body = deployment(camera, "2024-03-01T08:00:00+03:00", "2024-04-01T08:00:00+03:00")
            .put("locationName", "Seronera kopje").put("cameraModel", "Reconyx HF2X").put("cameraHeight", 0.8)
            .put("deploymentComments", "strapped to an acacia, facing north");

        assertEquals(401, send(put(id, null), body).statusCode(), "no credential");
        assertEquals(403, send(put(id, VIEWER), body).statusCode(), "a viewer may not change deployments");
        HttpResponse<Buffer> created = send(put(id, OPERATOR), body);
        assertEquals(201, created.statusCode(), created.bodyAsString());
        body.put("timezone", "+03:00");
        assertEquals(body.copy().put("deploymentID", id), created.bodyAsJsonObject(),
            "the clock keeps deploymentStart's offset when no time zone is given");
        assertEquals(200, send(put(id, OPERATOR), body.put("cameraHeight", 1.2)).statusCode(), "replaced");

        JsonArray listed = IngestHarness.await(get(DeploymentRoutes.PATH, VIEWER).send()).bodyAsJsonObject()
            .getJsonArray("deployments");
        assertTrue(listed.contains(body.copy().put("deploymentID", id)), listed.encode());
        assertEquals(1.2, IngestHarness.await(get(DeploymentRoutes.PATH + "/" + id, VIEWER).send())
            .bodyAsJsonObject().getDouble("cameraHeight"));

        assertEquals(403, delete(id, VIEWER).statusCode());
        assertEquals(204, delete(id, OPERATOR).statusCode());
        assertEquals(404, IngestHarness.await(get(DeploymentRoutes.PATH + "/" + id, VIEWER).send()).statusCode());
        assertEquals(404, delete(id, OPERATOR).statusCode());
    }

    @Test
    void anInvalidDeploymentIsRefusedWithEveryProblem() {
        JsonObject bad = new JsonObject().put("cameraID", "not a camera id!").put("latitude", 91)
            .put("longitude", 34.8).put("deploymentStart", "last tuesday").put("timezone", "Mars/Olympus_Mons")
            .put("colour", "green");

        HttpResponse<Buffer> response = send(put("dep-bad", OPERATOR), bad);

        String message = assertProblem(ApiDocumentCheck.fetch(ingest.port), response.statusCode(),
            response.getHeader("Content-Type"), response.bodyAsString(), 400, "invalid_deployment",
            DeploymentRoutes.PATH + "/dep-bad").getString("detail");
        for (String problem : List.of("cameraID 'not a camera id!'", "latitude must be a number from -90",
            "deploymentStart 'last tuesday'", "timezone 'Mars/Olympus_Mons'", "unknown field 'colour'")) {
            assertTrue(message.contains(problem), problem + " in: " + message);
        }
        HttpResponse<Buffer> notJson = IngestHarness.await(put("dep-bad", OPERATOR)
            .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{not json")));
        assertEquals(400, notJson.statusCode());
        assertEquals(404, IngestHarness.await(get(DeploymentRoutes.PATH + "/dep-bad", VIEWER).send()).statusCode(),
            "nothing was kept");
    }

    @Test
    void overlappingDeploymentsOfACameraConflict() {
        assertEquals(201, send(put("first-" + camera, OPERATOR), deployment(camera, "2024-01-01T00:00:00Z", null))
            .statusCode());

        HttpResponse<Buffer> response = send(put("second-" + camera, OPERATOR),
            deployment(camera, "2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z"));

        JsonObject problem = assertProblem(ApiDocumentCheck.fetch(ingest.port), response.statusCode(),
            response.getHeader("Content-Type"), response.bodyAsString(), 409, "deployment_conflict",
            DeploymentRoutes.PATH + "/second-" + camera);
        assertTrue(problem.getString("detail").contains("both have camera " + camera));
    }

    @Test
    void aReconyxFrameIsPlacedInItsDeploymentsZoneWithItsBurst() throws IOException {
        Path frame = SharedDatasets.requireBeside("schemas/camtrap-dp-1.0.2")
            .resolve("example/media/20210531082538-RCNX0031.JPG");
        // the official example's deployment 62c200a9: its clock kept +01:00 (no summer time) all deployment long
        String id = "62c200a9-" + camera;
        assertEquals(201, send(put(id, OPERATOR), deployment(camera, "2021-03-27T21:38:18+01:00",
            "2021-04-18T22:25:00+01:00").put("timezone", "+01:00")).statusCode());
        byte[] jpeg = Files.readAllBytes(frame);

        assertEquals(202, IngestHarness.await(upload(jpeg)).statusCode());

        ImageRecord record = published(ImageIds.of(jpeg));
        // the example's media.csv gives this frame 2021-04-11T20:43:09+01:00
        assertEquals("2021-04-11T19:43:09Z", record.capturedAt().toString());
        Capture capture = record.capture();
        assertEquals(CaptureTimeBasis.DEPLOYMENT, capture.timeBasis());
        assertEquals("+01:00", capture.timeZone());
        assertEquals(id, capture.deploymentId());
        assertEquals(1, capture.frame());
        assertEquals(10, capture.frames());
        assertEquals(4L, capture.event());
        assertEquals("RECONYX", capture.make());
        assertEquals("HYPERFIRE 2 COVERT", capture.model());
    }

    @Test
    void withoutDeploymentTheRecordSaysUtcWasAssumed() {
        byte[] jpeg = new CraftedExif().dateTimeOriginal("2024:06:01 05:59:58").subSecTimeOriginal("5")
            .onto(TestImages.encode(TestImages.noise(random, 64, 48), "jpeg"));

        assertEquals(202, IngestHarness.await(upload(jpeg)).statusCode());

        ConsumerRecord<String, byte[]> published = recordOf(ImageIds.of(jpeg));
        assertEquals("2024-06-01T05:59:58.500Z", ImageRecord.text(published.headers(), ImageHeaders.CAPTURED_AT));
        assertEquals("assumed_utc", ImageRecord.text(published.headers(), ImageHeaders.CAPTURE_TIME_BASIS));
        assertEquals("Z", ImageRecord.text(published.headers(), ImageHeaders.CAPTURE_TIME_ZONE));
        assertEquals("2024-06-01T05:59:58.5", ImageRecord.text(published.headers(), ImageHeaders.CAMERA_TIME));
        assertNull(ImageRecord.text(published.headers(), ImageHeaders.DEPLOYMENT_ID));
    }

    @Test
    void garbageMetadataNeverFailsTheImage() {
        double before = dropped("time");
        byte[] jpeg = new CraftedExif().make("Acme").dateTimeOriginal("\u0000\u0001 not a date")
            .onto(TestImages.encode(TestImages.noise(random, 64, 48), "jpeg"));

        assertEquals(202, IngestHarness.await(upload(jpeg)).statusCode());

        ImageRecord record = published(ImageIds.of(jpeg));
        assertNull(record.capturedAt());
        assertNull(record.capture().timeBasis());
        assertEquals("Acme", record.capture().make());
        assertEquals(before + 1, dropped("time"));
    }

    private static String hash(String token) {
        return SecretHash.of(token, SecretHash.MIN_ITERATIONS).encoded();
    }

    private static JsonObject deployment(String cameraId, String start, String end) {
        JsonObject json = new JsonObject().put("cameraID", cameraId).put("latitude", -2.45).put("longitude", 34.82)
            .put("deploymentStart", start);
        return end == null ? json : json.put("deploymentEnd", end);
    }

    private static HttpRequest<Buffer> put(String id, String token) {
        return authenticated(ingest.http.put(DeploymentRoutes.PATH + "/" + id), token);
    }

    private static HttpRequest<Buffer> get(String path, String token) {
        return authenticated(ingest.http.get(path), token);
    }

    private static HttpResponse<Buffer> delete(String id, String token) {
        return IngestHarness.await(authenticated(ingest.http.delete(DeploymentRoutes.PATH + "/" + id), token).send());
    }

    private static HttpRequest<Buffer> authenticated(HttpRequest<Buffer> request, String token) {
        return token == null ? request : request.bearerTokenAuthentication(token);
    }

    private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, JsonObject body) {
        return IngestHarness.await(request.sendJsonObject(body));
    }

    private Future<HttpResponse<Buffer>> upload(byte[] jpeg) {
        return ingest.upload().putHeader("Content-Type", "image/jpeg")
            .putHeader(ImageUploadRoutes.CAMERA_ID, camera).sendBuffer(Buffer.buffer(jpeg));
    }

    private static ConsumerRecord<String, byte[]> recordOf(String imageId) {
        List<ConsumerRecord<String, byte[]>> records = TestKafka.readToEnd(Topics.IMAGES, r -> imageId.equals(r.key()));
        assertEquals(1, records.size());
        return records.get(0);
    }

    private static ImageRecord published(String imageId) {
        ConsumerRecord<String, byte[]> record = recordOf(imageId);
        return ImageRecord.fromKafka(record.headers(), record.value());
    }

    private static double dropped(String part) {
        Counter counter = ingest.context.registry().find("camtrap.ingest.capture.metadata.dropped")
            .tags("part", part).counter();
        return counter == null ? 0 : counter.count();
    }
}
