package org.trapstream.image.store;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trapstream.common.contract.ImageIds;
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
}
