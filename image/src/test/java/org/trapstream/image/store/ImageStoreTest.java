package org.trapstream.image.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.io.DurableFiles;
import org.trapstream.image.ImageHead;
import org.trapstream.testkit.TestImages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageStoreTest {

    @TempDir
    Path root;

    @Test
    void storedImagesReadBackWholeOrByTheirHead() {
        ImageStore store = new ImageStore(root);
        byte[] jpeg = TestImages.jpeg(TestImages.scene(400, 300));
        String id = ImageIds.of(jpeg);
        store.put(id, jpeg);

        ImageHead head = store.readHead(id, 100).orElseThrow();
        ImageHead all = store.readHead(id, jpeg.length + 1).orElseThrow();

        assertArrayEquals(jpeg, store.read(id).orElseThrow());
        assertArrayEquals(Arrays.copyOf(jpeg, 100), head.bytes());
        assertEquals(jpeg.length, head.fileSize());
        assertTrue(head.endsWithEndOfImage());
        assertFalse(head.complete());
        assertArrayEquals(jpeg, all.bytes());
        assertTrue(all.complete());
    }

    @Test
    void headSaysWhenTheFileDoesNotEndWithAnEndMarker() {
        ImageStore store = new ImageStore(root);
        byte[] cut = TestImages.truncated(TestImages.jpeg(TestImages.scene(400, 300)));
        String id = ImageIds.of(cut);
        store.put(id, cut);

        assertFalse(store.readHead(id, 64).orElseThrow().endsWithEndOfImage());
    }

    @Test
    void missingImagesAreEmptyAndIdsThatAreNotHashesRefused() {
        ImageStore store = new ImageStore(root);
        String absent = ImageIds.of(new byte[] {1, 2, 3});

        assertTrue(store.read(absent).isEmpty());
        assertTrue(store.readHead(absent, 64).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> store.readHead("../../etc/passwd", 64));
    }

    @Test
    void aPublishedImageIsADuplicateOnlyWhileItsFileIsWhole() throws IOException {
        ImageStore store = new ImageStore(root);
        byte[] jpeg = TestImages.jpeg(TestImages.scene(400, 300));
        String id = ImageIds.of(jpeg);
        store.put(id, jpeg);
        assertFalse(store.isPublished(id), "stored is not yet published");
        store.markPublished(id);
        assertTrue(store.isPublished(id));

        Files.write(store.pathOf(id), Arrays.copyOf(jpeg, jpeg.length / 2));
        assertFalse(store.isPublished(id), "a cut file is no duplicate");
        byte[] flipped = jpeg.clone();
        flipped[flipped.length / 2] ^= 1;
        Files.write(store.pathOf(id), flipped);
        assertFalse(store.isPublished(id), "a damaged file of the right length is no duplicate");

        store.put(id, jpeg);
        assertArrayEquals(jpeg, store.read(id).orElseThrow(), "storing again repairs the file");
        assertTrue(store.isPublished(id));
    }

    @Test
    void aFullDiskFailsTheWriteWithItsReasonAndLeavesNothingBehind() throws IOException {
        // Half the bytes reach the disk, then the file system refuses the rest, as ext4 does when it fills up.
        AtomicBoolean full = new AtomicBoolean(true);
        ImageStore store = new ImageStore(root, new DurableFiles((channel, bytes) -> {
            if (full.get()) {
                channel.write(bytes.slice(0, bytes.remaining() / 2));
                throw new IOException("No space left on device");
            }
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }));
        byte[] jpeg = TestImages.jpeg(TestImages.scene(400, 300));
        String id = ImageIds.of(jpeg);

        ImageStoreWriteException e = assertThrows(ImageStoreWriteException.class, () -> store.put(id, jpeg));

        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertTrue(store.writeFailure().orElseThrow().contains("No space left on device"), "still full");
        assertFalse(store.contains(id));
        assertEquals(List.of(), files(), "no temporary, partial or probe file");
        assertFalse(store.isPublished(id));

        full.set(false);
        assertEquals(Optional.empty(), store.writeFailure(), "writable again once there is room");
        assertEquals(List.of(), files(), "the probe is gone");
        store.put(id, jpeg);
        assertArrayEquals(jpeg, store.read(id).orElseThrow());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }
}
