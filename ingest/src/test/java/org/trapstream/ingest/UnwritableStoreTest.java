package org.trapstream.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.http.Problem;
import org.trapstream.common.kafka.TestKafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.testkit.TestImages.encode;
import static org.trapstream.testkit.TestImages.noise;

/**
 * An image store that cannot take images (here its directory is a file, which fails the write as a full disk
 * does, at the same place): uploads are answered 507 with the reason, nothing is published, the role's health
 * is down, and it comes back by itself once the store is writable again.
 */
class UnwritableStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void uploadsAreRefusedWith507AndHealthIsDownUntilTheStoreTakesWritesAgain() throws IOException {
        try (IngestHarness ingest = IngestHarness.start(dataDir, "ingest-unwritable-" + UUID.randomUUID(), Map.of())) {
            Path images = ingest.config.imageStoreDir();
            Files.createDirectories(images.getParent());
            Files.writeString(images, "not a directory");
            byte[] jpeg = encode(noise(new Random(UUID.randomUUID().getMostSignificantBits()), 64, 48), "jpeg");
            String id = ImageIds.of(jpeg);

            HttpResponse<Buffer> refused = upload(ingest, jpeg);

            assertEquals(507, refused.statusCode(), refused.bodyAsString());
            assertEquals("insufficient_storage", refused.bodyAsJsonObject().getString(Problem.CODE));
            assertTrue(refused.bodyAsJsonObject().getString("detail").contains(id), refused.bodyAsString());
            assertTrue(TestKafka.readToEnd(Topics.IMAGES, r -> id.equals(r.key())).isEmpty(), "nothing published");
            JsonObject down = health(ingest);
            assertEquals(503, down.getInteger("status"), down.encode());
            assertTrue(down.getString("body").contains("Cannot store image " + id), down.encode());

            Files.delete(images);
            assertEquals(200, health(ingest).getInteger("status"), "writable again without another upload");
            assertEquals(202, upload(ingest, jpeg).statusCode());
        }
    }

    private static HttpResponse<Buffer> upload(IngestHarness ingest, byte[] image) {
        return IngestHarness.await(ingest.upload()
            .putHeader("Content-Type", "application/octet-stream")
            .putHeader(ImageUploadRoutes.CAMERA_ID, "cam-unwritable")
            .sendBuffer(Buffer.buffer(image)));
    }

    private static JsonObject health(IngestHarness ingest) {
        HttpResponse<Buffer> response = IngestHarness.await(ingest.http.get("/health").send());
        return new JsonObject().put("status", response.statusCode()).put("body", response.bodyAsString());
    }
}
