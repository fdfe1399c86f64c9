package org.trapstream.ingest;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.http.HttpRoutes;

/**
 * {@code POST /api/v1/images}: the body is the image, {@code X-Camera-Id} names the camera and the optional
 * {@code X-Captured-At} the capture time. Answers once Kafka acknowledged the outcome: 202 accepted, 200 for
 * an image already published, the reject reason's status for a dead-lettered one, 503 when Kafka did not answer.
 * Every upload needs a camera's or gateway's credential ({@link UploadAuthentication}), checked first.
 * Bodies refused unread (forms, far too large) are answered and counted but have no image id to dead-letter.
 */
record ImageUploadRoutes(Handler<RoutingContext> authentication, ImageIntake intake, IngestMetrics metrics,
                         int maxImageBytes) implements HttpRoutes {

    static final String PATH = "/api/v1/images";
    static final String CAMERA_ID = "X-Camera-Id";
    static final String CAPTURED_AT = "X-Captured-At";
    private static final Logger LOG = LoggerFactory.getLogger(ImageUploadRoutes.class);
    private static final String URL_ENCODED_FORM = "application/x-www-form-urlencoded";
    private static final String MULTIPART = "multipart/";
    /** Seconds a client should wait before sending again after a 503. */
    private static final String RETRY_AFTER_SECONDS = "5";

    @Override
    public void mount(Router router) {
        // Before anything reads or judges the body: only a known camera or gateway gets that far.
        router.post(PATH).handler(authentication);
        // A route of its own: route handlers may not run before a body handler on the same route.
        router.post(PATH).handler(this::refuseForm);
        router.post(PATH)
            // One byte over the limit is still read, so a slightly oversize image is dead-lettered like any
            // other reject; anything longer is refused unread rather than buffered.
            .handler(BodyHandler.create(false).setBodyLimit(maxImageBytes + 1L))
            .handler(this::upload)
            .failureHandler(this::refuseOversize);
    }

    private void upload(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        IncomingImage image = new IncomingImage(body == null ? new byte[0] : body.getBytes(),
            ctx.request().getHeader(CAMERA_ID), ctx.request().getHeader(CAPTURED_AT), IntakeSource.HTTP);
        intake.accept(image).onComplete(result -> respond(ctx, result));
    }

    private static void respond(RoutingContext ctx, AsyncResult<IntakeOutcome> result) {
        if (result.failed()) {
            LOG.warn("Upload not recorded, answering 503: {}", result.cause().toString());
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            json(ctx, 503, new JsonObject()
                .put("error", "unavailable")
                .put("message", "the image could not be recorded (Kafka did not acknowledge it); send it again later"));
        } else if (result.result() instanceof IntakeOutcome.Rejected rejected) {
            DeadLetter letter = rejected.letter();
            json(ctx, letter.reason().httpStatus(), new JsonObject()
                .put("error", letter.reason().code())
                .put("message", letter.detail())
                .put("image_id", letter.imageId()));
        } else {
            boolean duplicate = result.result() instanceof IntakeOutcome.Duplicate;
            json(ctx, duplicate ? 200 : 202, new JsonObject()
                .put("image_id", result.result().imageId())
                .put("status", result.result().tag())
                .put("duplicate", duplicate));
        }
    }

    /**
     * The body handler would decode a form instead of keeping its bytes (curl's --data-binary claims
     * x-www-form-urlencoded unless told otherwise), so forms are refused before a byte of them is read.
     */
    private void refuseForm(RoutingContext ctx) {
        String mediaType = ctx.parsedHeaders().contentType().value();
        if (URL_ENCODED_FORM.equals(mediaType) || mediaType.startsWith(MULTIPART)) {
            refuse(ctx, RejectReason.UNSUPPORTED_FORMAT, "the body must be the image itself (Content-Type image/jpeg, "
                + "image/png or application/octet-stream), not a form (" + mediaType + ")");
        } else {
            ctx.next();
        }
    }

    private void refuseOversize(RoutingContext ctx) {
        if (ctx.statusCode() != RejectReason.TOO_LARGE.httpStatus()) {
            ctx.next();
            return;
        }
        refuse(ctx, RejectReason.TOO_LARGE, "the body is larger than " + maxImageBytes + " bytes and was not read");
    }

    private void refuse(RoutingContext ctx, RejectReason reason, String message) {
        metrics.refused(IntakeSource.HTTP, reason);
        json(ctx, reason.httpStatus(), new JsonObject().put("error", reason.code()).put("message", message));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
    }
}
