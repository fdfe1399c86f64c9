package org.trapstream.ingest;

import java.util.Map;
import java.util.UUID;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trapstream.common.auth.SecretHash;
import org.trapstream.common.auth.Secrets;
import org.trapstream.common.http.Problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.TestImages.encode;
import static org.trapstream.testkit.TestImages.noise;

/** Uploads over real HTTP with camera and gateway credentials: who may upload for which camera, and the answers. */
class UploadAuthenticationTest extends IngestRoleTest {

    private static final String CAMERA = "cam-" + UUID.randomUUID();
    private static final String CAMERA_TOKEN = Secrets.generate();
    private static final String GATEWAY_TOKEN = Secrets.generate();
    private static final String BUSY_GATEWAY_TOKEN = Secrets.generate();
    /** Uploads a credential may send at once; no test but the rate limit's sends more with one credential. */
    private static final int CREDENTIAL_BURST = 8;

    @BeforeAll
    static void start() {
        startIngest("ingest-auth-test", Map.of(
            IngestConfig.INGEST_DEVICES, "camera:" + CAMERA + ":" + SecretHash.of(CAMERA_TOKEN).encoded()
                + ",gateway:site-a-gateway:site-a-*|lone-cam:" + SecretHash.of(GATEWAY_TOKEN).encoded()
                + ",gateway:site-c-gateway:site-c-*:" + SecretHash.of(BUSY_GATEWAY_TOKEN).encoded(),
            // one upload per thousand seconds after the burst: a credential over it stays limited for the test
            IngestConfig.INGEST_HTTP_CREDENTIAL_RATE, "0.001",
            IngestConfig.INGEST_HTTP_CREDENTIAL_BURST, String.valueOf(CREDENTIAL_BURST)));
    }

    @Test
    void aCameraUploadsForItselfOnly() {
        assertEquals(202, send(post(CAMERA).bearerTokenAuthentication(CAMERA_TOKEN)).statusCode());

        HttpResponse<Buffer> other = send(post("cam-elsewhere").bearerTokenAuthentication(CAMERA_TOKEN));

        assertEquals(403, other.statusCode(), other.bodyAsString());
        assertProblem(other, "forbidden", CAMERA + " may not upload for camera 'cam-elsewhere'");
    }

    @Test
    void aGatewayUploadsForTheCamerasItsPatternsMatch() {
        assertEquals(202, send(post("site-a-07").bearerTokenAuthentication(GATEWAY_TOKEN)).statusCode());
        assertEquals(202, send(post("lone-cam").bearerTokenAuthentication(GATEWAY_TOKEN)).statusCode());

        HttpResponse<Buffer> outside = send(post("site-b-07").bearerTokenAuthentication(GATEWAY_TOKEN));

        assertEquals(403, outside.statusCode());
        assertProblem(outside, "forbidden", "site-a-gateway may not upload for camera 'site-b-07'");
    }

    @Test
    void noOrAnUnknownCredentialIsRefusedAndCounted() {
        double missingBefore = count("missing");
        double invalidBefore = count("invalid");

        HttpResponse<Buffer> missing = send(post(CAMERA));
        HttpResponse<Buffer> unknown = send(post(CAMERA).bearerTokenAuthentication(Secrets.generate()));
        HttpResponse<Buffer> gatewayTokenUnderAnotherScheme = send(post(CAMERA).basicAuthentication("x", GATEWAY_TOKEN));

        assertEquals(401, missing.statusCode());
        assertEquals("Bearer realm=\"trapstream\"", missing.getHeader("WWW-Authenticate"));
        assertProblem(missing, "credential_required", "this request needs a credential: send Authorization: Bearer TOKEN");
        assertEquals(401, unknown.statusCode());
        assertProblem(unknown, "invalid_credential", "the credential is not known here");
        assertEquals(401, gatewayTokenUnderAnotherScheme.statusCode());
        assertEquals(missingBefore + 2, count("missing"));
        assertEquals(invalidBefore + 1, count("invalid"));
    }

    @Test
    void aSuccessIsCountedAndTheCredentialIsNotCheckedAgainWhileCached() {
        double before = count("authenticated");

        for (int i = 0; i < 3; i++) {
            assertEquals(202, send(post("site-a-cached").bearerTokenAuthentication(GATEWAY_TOKEN)).statusCode());
        }

        assertEquals(before + 3, count("authenticated"));
        String metrics = ingest.scrape();
        assertTrue(metrics.contains("camtrap_ingest_authentications_total{outcome=\"forbidden\"}"), metrics);
    }

    @Test
    void aCredentialIsPacedWhicheverCamerasItSendsFor() {
        for (int camera = 0; camera < CREDENTIAL_BURST; camera++) {
            assertEquals(202, send(post("site-c-" + camera).bearerTokenAuthentication(BUSY_GATEWAY_TOKEN)).statusCode());
        }

        HttpResponse<Buffer> limited = send(post("site-c-new").bearerTokenAuthentication(BUSY_GATEWAY_TOKEN));

        assertEquals(429, limited.statusCode(), "a camera never seen, but the gateway's burst is spent");
        assertEquals("rate_limited", limited.bodyAsJsonObject().getString(Problem.CODE));
        assertTrue(Long.parseLong(limited.getHeader("Retry-After")) > 1, limited.getHeader("Retry-After"));
        assertEquals(202, send(post(CAMERA).bearerTokenAuthentication(CAMERA_TOKEN)).statusCode(),
            "another credential has its own bucket");
    }

    private HttpRequest<Buffer> post(String cameraId) {
        return ingest.http.post(ImageUploadRoutes.PATH)
            .putHeader("Content-Type", "image/jpeg")
            .putHeader(ImageUploadRoutes.CAMERA_ID, cameraId);
    }

    private HttpResponse<Buffer> send(HttpRequest<Buffer> request) {
        return IngestHarness.await(request.sendBuffer(Buffer.buffer(encode(noise(random, 40, 32), "jpeg"))));
    }

    private static void assertProblem(HttpResponse<Buffer> response, String error, String message) {
        assertEquals(Problem.CONTENT_TYPE, response.getHeader("Content-Type"));
        JsonObject body = response.bodyAsJsonObject();
        assertEquals(error, body.getString(Problem.CODE));
        assertEquals(message, body.getString("detail"));
    }

    private static double count(String outcome) {
        return ingest.context.registry().get("camtrap.ingest.authentications").tag("outcome", outcome).counter().count();
    }
}
