package org.trapstream.ingest;

import java.util.Optional;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trapstream.common.auth.BearerAuthentication;
import org.trapstream.common.contract.DeadLetter;
import org.trapstream.common.contract.RejectReason;
import org.trapstream.common.http.HttpRoutes;
import org.trapstream.common.http.Problem;
import org.trapstream.image.store.ImageStoreWriteException;

/**
 * {@code POST /api/v1/images}: the body is the image, {@code X-Camera-Id} names the camera and the optional
 * {@code X-Captured-At} the capture time. Answers once Kafka acknowledged the outcome: 202 accepted, 200 for
 * an image already published, the reject reason's status for a dead-lettered one, 507 when the image store cannot
 * take it (a full disk: the role's health is down meanwhile), 503 when Kafka did not answer.
 *
 * <p>Before a byte of the body is read, an upload may be shed ({@link UploadAdmission}: 503 overloaded, 429 over the
 * camera's rate, both with {@code Retry-After}) or refused (forms; a declared length far over the limit). The body
 * is spooled to a file ({@link UploadSpool}); one going past the limit is cut off there. Bodies refused unread are
 * answered and counted but have no image id to dead-letter, and their connection is closed rather than drained.
 * Every upload needs a camera's or gateway's credential ({@link UploadAuthentication}), checked first.
 */
record ImageUploadRoutes(Handler<RoutingContext> authentication, ImageIntake intake, IngestMetrics metrics,
                         UploadAdmission admission, UploadSpool spool,
                         int maxImageBytes) implements HttpRoutes {

    static final String PATH = "/api/v1/images";
    static final String CAMERA_ID = "X-Camera-Id";
    static final String CAPTURED_AT = "X-Captured-At";
    private static final Logger LOG = LoggerFactory.getLogger(ImageUploadRoutes.class);
    private static final String URL_ENCODED_FORM = "application/x-www-form-urlencoded";
    private static final String MULTIPART = "multipart/";
    /** How long, and how many image sizes of body, an answered connection still reads and drops before it closes. */
    private static final long LINGER_MILLIS = 2_000;
    private static final int LINGER_IMAGES = 8;

    @Override
    public void mount(Router router) {
        // Before anything reads or judges the body: only a known camera or gateway gets that far.
        router.post(PATH).handler(authentication).handler(this::upload);
    }

    private void upload(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String mediaType = ctx.parsedHeaders().contentType().value();
        if (URL_ENCODED_FORM.equals(mediaType) || mediaType.startsWith(MULTIPART)) {
            refuse(ctx, RejectReason.UNSUPPORTED_FORMAT, "the body must be the image itself (Content-Type image/jpeg, "
                + "image/png or application/octet-stream), not a form (" + mediaType + ")");
            return;
        }
        Optional<UploadAdmission.Refusal> refusal = admission.admit(request.getHeader(CAMERA_ID),
            ctx.get(BearerAuthentication.PRINCIPAL_NAME));
        if (refusal.isPresent()) {
            shed(ctx, refusal.get());
            return;
        }
        if (declaredLength(request) > maxImageBytes + 1L) {
            admission.release();
            refuseOversize(ctx);
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.response().writeContinue();
        }
        // One byte over the limit is still read, so a slightly oversize image is dead-lettered like any other reject.
        spool.receive(request)
            .compose(bytes -> intake.accept(new IncomingImage(bytes, request.getHeader(CAMERA_ID),
                request.getHeader(CAPTURED_AT), IntakeSource.HTTP)))
            .onComplete(result -> {
                admission.release();
                respond(ctx, result);
            });
    }

    /** The declared Content-Length, or -1 without one (chunked); the spool counts what really arrives. */
    private static long declaredLength(HttpServerRequest request) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void respond(RoutingContext ctx, AsyncResult<IntakeOutcome> result) {
        if (answered(ctx)) {
            return; // the client left, or the server's request timeout answered it
        }
        if (result.failed() && result.cause() instanceof UploadSpool.BodyTooLargeException) {
            refuseOversize(ctx);
        } else if (result.failed() && result.cause() instanceof ImageStoreWriteException full) {
            LOG.warn("Upload not stored, answering 507: {}", full.getMessage());
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(UploadAdmission.RETRY_AFTER_SECONDS));
            problem(ctx, 507, "insufficient_storage",
                "the image could not be stored (" + full.getMessage() + "); send it again later");
        } else if (result.failed()) {
            LOG.warn("Upload not recorded, answering 503: {}", result.cause().toString());
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(UploadAdmission.RETRY_AFTER_SECONDS));
            problem(ctx, 503, "unavailable",
                "the image could not be recorded (Kafka did not acknowledge it); send it again later");
        } else if (result.result() instanceof IntakeOutcome.Rejected rejected) {
            DeadLetter letter = rejected.letter();
            int status = letter.reason().httpStatus();
            answer(ctx, status, Problem.CONTENT_TYPE, Problem.of(status, letter.reason().code(), letter.detail(),
                ctx.request().path()).put("image_id", letter.imageId()));
        } else {
            boolean duplicate = result.result() instanceof IntakeOutcome.Duplicate;
            answer(ctx, duplicate ? 200 : 202, "application/json", new JsonObject()
                .put("image_id", result.result().imageId())
                .put("status", result.result().tag())
                .put("duplicate", duplicate));
        }
    }

    private void shed(RoutingContext ctx, UploadAdmission.Refusal refusal) {
        metrics.shed(refusal.reason());
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(refusal.retryAfterSeconds()));
        problem(ctx, refusal.reason().httpStatus(), refusal.reason().code(),
            refusal.reason() == UploadAdmission.Shed.OVERLOADED
                ? "ingest is receiving as many uploads as it may; send it again after Retry-After seconds"
                : "this camera sends faster than its rate; send it again after Retry-After seconds");
    }

    private void refuseOversize(RoutingContext ctx) {
        refuse(ctx, RejectReason.TOO_LARGE, "the body is larger than " + maxImageBytes + " bytes and was not read");
    }

    private void refuse(RoutingContext ctx, RejectReason reason, String message) {
        metrics.refused(IntakeSource.HTTP, reason);
        problem(ctx, reason.httpStatus(), reason.code(), message);
    }

    private void problem(RoutingContext ctx, int status, String code, String detail) {
        answer(ctx, status, Problem.CONTENT_TYPE, Problem.of(status, code, detail, ctx.request().path()));
    }

    /**
     * Answers; if the body has not all been read, closes the connection rather than reading the rest, after a short
     * linger: what the client still sends meanwhile (for at most {@link #LINGER_MILLIS} and a few image sizes) is read
     * and dropped, so the answer is not lost to a reset of a connection the client is still writing to (a lingering
     * close, as web servers do for 413), while an endless body is still cut off.
     */
    private void answer(RoutingContext ctx, int status, String contentType, JsonObject body) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response().setStatusCode(status)
            .putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        if (request.isEnded()) {
            response.end(body.encode());
            return;
        }
        response.putHeader(HttpHeaders.CONNECTION, "close").end(body.encode()).onComplete(v -> {
            long lingerBytes = LINGER_IMAGES * (long) maxImageBytes;
            long[] dropped = {0};
            long timer = ctx.vertx().setTimer(LINGER_MILLIS, id -> request.connection().close());
            request.handler(chunk -> {
                dropped[0] += chunk.length();
                if (dropped[0] > lingerBytes) {
                    ctx.vertx().cancelTimer(timer);
                    request.connection().close();
                }
            }).endHandler(end -> {
                ctx.vertx().cancelTimer(timer);
                request.connection().close();
            }).resume();
        });
    }

    private static boolean answered(RoutingContext ctx) {
        return ctx.response().ended() || ctx.response().closed();
    }
}
