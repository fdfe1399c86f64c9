package org.trapstream.ingest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives an upload's body into a temporary file in {@code dir}, so a slow camera's upload holds disk rather than
 * heap while it arrives. At most {@code maxBytes} are read: a body that goes past is cut off there, the rest left
 * unread, and the future fails with {@link BodyTooLargeException}. A whole body is then read on the ingest workers
 * into the one array the intake checks. The file is deleted whatever happens: read, too large, the client gone.
 */
final class UploadSpool {

    /** The body went past the limit; what is left of it was not read. */
    static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException(long maxBytes) {
            super("the body is longer than " + maxBytes + " bytes", null, false, false);
        }
    }

    static final String PREFIX = "upload-";
    private static final String SUFFIX = ".part";
    /** No upload in progress is this old (the HTTP request timeout ends it sooner): older files are a crash's. */
    private static final Duration STALE = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(UploadSpool.class);

    private final Vertx vertx;
    private final WorkerExecutor workers;
    private final Path dir;
    private final long maxBytes;

    UploadSpool(Vertx vertx, WorkerExecutor workers, Path dir, long maxBytes) {
        this.vertx = vertx;
        this.workers = workers;
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /**
     * Blocking: creates the directory and deletes what a crashed process left in it. Ingest processes sharing a data
     * dir leave each other's uploads in progress alone: those are younger than {@link #STALE}.
     */
    void prepare() throws IOException {
        Files.createDirectories(dir);
        Instant staleBefore = Instant.now().minus(STALE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(staleBefore)) {
                    Files.deleteIfExists(file);
                    LOG.info("Deleted the upload left over by an earlier process: {}", file);
                }
            }
        }
    }

    /** The body, once all of it arrived. Call at once from the request's handler: the body must not flow before. */
    Future<byte[]> receive(HttpServerRequest request) {
        Receipt receipt = new Receipt(request);
        FileSystem fs = vertx.fileSystem();
        return fs.createTempFile(dir.toString(), PREFIX, SUFFIX, (String) null)
            .compose(path -> fs.open(path, new OpenOptions().setWrite(true))
                .compose(receipt::into)
                .compose(v -> workers.executeBlocking(() -> Files.readAllBytes(Path.of(path)), false))
                .eventually(() -> fs.delete(path)));
    }

    /** One body on its way into a file: pauses the request until the file is open, then follows the file's pace. */
    private final class Receipt {
        private final HttpServerRequest request;
        private final Promise<Void> done = Promise.promise();
        private long received;

        Receipt(HttpServerRequest request) {
            this.request = request;
            request.pause();
            // set now: a client that leaves before the file is open must still end the receipt
            request.exceptionHandler(done::tryFail);
        }

        Future<Void> into(AsyncFile file) {
            file.exceptionHandler(done::tryFail);
            request.handler(chunk -> write(chunk, file));
            request.endHandler(v -> done.tryComplete());
            request.resume();
            return done.future().eventually(file::close);
        }

        private void write(Buffer chunk, AsyncFile file) {
            received += chunk.length();
            if (received > maxBytes) {
                request.pause();
                done.tryFail(new BodyTooLargeException(maxBytes));
                return;
            }
            file.write(chunk);
            if (file.writeQueueFull()) {
                request.pause();
                file.drainHandler(v -> request.resume());
            }
        }
    }
}
