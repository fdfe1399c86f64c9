package org.trapstream.ingest;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.http.ApiDocument;
import org.trapstream.common.http.ApiDocumentCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trapstream.common.http.ApiDocumentCheck.assertProblem;

/**
 * {@code GET /api/v1/openapi.json} of a running ingest: valid OpenAPI 3.1 that describes exactly the routes its
 * router serves, and its upload refusals fit the problem detail shape it gives.
 */
class ApiDocumentUploadTest extends IngestRoleTest {

    private final String camera = "cam-" + UUID.randomUUID();

    @BeforeAll
    static void start() {
        startIngest("ingest-api-document-test", Map.of());
    }

    @Test
    void theDocumentDescribesExactlyTheIngestRoutes() {
        JsonObject document = ApiDocumentCheck.assertDescribesServedRoutes(ingest.host);

        assertEquals(Set.of("/health", "/health/live", ApiDocument.PATH, ImageUploadRoutes.PATH,
                DeploymentRoutes.PATH, DeploymentRoutes.PATH + "/{id}"),
            document.getJsonObject("paths").fieldNames(), "a process describes the roles it runs, no others");
    }

    @Test
    void uploadRefusalsAreProblemDetailsOfTheDocumentedShape() {
        JsonObject document = ApiDocumentCheck.fetch(ingest.port);
        byte[] notAnImage = ("not an image " + camera).getBytes();

        HttpResponse<Buffer> rejected = upload(ingest.upload(), notAnImage);
        HttpResponse<Buffer> anonymous = upload(ingest.http.post(ImageUploadRoutes.PATH), notAnImage);

        JsonObject problem = assertProblem(document, rejected.statusCode(), rejected.getHeader("Content-Type"),
            rejected.bodyAsString(), 415, RejectReason.UNSUPPORTED_FORMAT.code(), ImageUploadRoutes.PATH);
        assertEquals(ImageIds.of(notAnImage), problem.getString("image_id"), "the dead letter's id");
        assertProblem(document, anonymous.statusCode(), anonymous.getHeader("Content-Type"), anonymous.bodyAsString(),
            401, "credential_required", ImageUploadRoutes.PATH);
    }

    private HttpResponse<Buffer> upload(HttpRequest<Buffer> request, byte[] body) {
        return IngestHarness.await(request.putHeader(ImageUploadRoutes.CAMERA_ID, camera)
            .putHeader("Content-Type", "application/octet-stream")
            .sendBuffer(Buffer.buffer(body)));
    }
}
