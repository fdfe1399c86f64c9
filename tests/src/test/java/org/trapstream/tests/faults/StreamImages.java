package org.trapstream.tests.faults;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.contract.ImagePayload;
import org.trapstream.common.contract.ImageRecord;
import org.trapstream.testkit.TestImages;

/** Valid images for {@code camtrap.images}, as ingest writes them (inline), each with new pixels and so a new id. */
final class StreamImages {

    static final String CAMERA = "fault-cam-01";
    private static final int WIDTH = 64;
    private static final int HEIGHT = 48;
    private static final int DISTINCT_FRAMES = 8;

    private StreamImages() {
    }

    /** A 64 x 48 JPEG of noise drawn from {@code seed}. */
    static byte[] jpeg(long seed) {
        return TestImages.encode(TestImages.noise(seed, WIDTH, HEIGHT), "jpeg");
    }

    /** {@code count} image records, one for each seed from {@code firstSeed} on. */
    static List<ProducerRecord<String, byte[]>> records(long firstSeed, int count) {
        return records(firstSeed, count, WIDTH, HEIGHT);
    }

    /**
     * {@code count} records of {@code width} x {@code height} frames of noise, each weighing what its pixels do. A
     * few frames are encoded and each record carries one of them with a comment segment of its own, which gives it
     * its own id at no encoding cost.
     */
    static List<ProducerRecord<String, byte[]>> records(long firstSeed, int count, int width, int height) {
        List<byte[]> frames = LongStream.range(firstSeed, firstSeed + Math.min(count, DISTINCT_FRAMES))
            .mapToObj(seed -> TestImages.encode(TestImages.noise(seed, width, height), "jpeg")).toList();
        return LongStream.range(0, count).mapToObj(i -> {
            byte[] bytes = withComment(frames.get((int) (i % frames.size())), firstSeed + i);
            return ImageRecord.of(ImageIds.of(bytes), CAMERA, null, Instant.now(), "jpeg", width, height, bytes,
                ImagePayload.INLINE).toProducerRecord();
        }).toList();
    }

    /** The JPEG with a COM segment holding {@code mark} right after its start-of-image marker. */
    private static byte[] withComment(byte[] jpeg, long mark) {
        return ByteBuffer.allocate(jpeg.length + 12).put(jpeg, 0, 2)
            .put((byte) 0xFF).put((byte) 0xFE).putShort((short) 10).putLong(mark)
            .put(jpeg, 2, jpeg.length - 2).array();
    }

    static Set<String> ids(List<ProducerRecord<String, byte[]>> records) {
        return records.stream().map(ProducerRecord::key).collect(Collectors.toSet());
    }

    /** {@code records} cut into {@code parts} runs of (nearly) equal length, in order. */
    static List<List<ProducerRecord<String, byte[]>>> split(List<ProducerRecord<String, byte[]>> records, int parts) {
        return LongStream.range(0, parts).mapToObj(part -> records.subList(
            (int) (part * records.size() / parts), (int) ((part + 1) * records.size() / parts))).toList();
    }
}
