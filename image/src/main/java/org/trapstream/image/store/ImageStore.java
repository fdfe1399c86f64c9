package org.trapstream.image.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.trapstream.common.contract.ImageIds;
import org.trapstream.image.ImageHead;

/**
 * Content-addressed store of original images on disk: {@code <root>/ab/cd/<sha256>}. Writes are atomic
 * (temporary file, then rename), so a reader never sees half an image. An image counts as ingested only
 * once its {@code .published} marker exists: the marker is written after Kafka acknowledged the image, so
 * an image stored but never published is published again when it arrives again. Blocking: call from workers.
 */
public final class ImageStore {

    private static final String PUBLISHED_SUFFIX = ".published";

    private final Path root;

    public ImageStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path pathOf(String imageId) {
        if (!ImageIds.isValid(imageId)) {
            throw new IllegalArgumentException("Not an image id: " + imageId);
        }
        return root.resolve(imageId.substring(0, 2)).resolve(imageId.substring(2, 4)).resolve(imageId);
    }

    /** Stores the bytes under their id unless they are already there. */
    public void put(String imageId, byte[] bytes) {
        Path target = pathOf(imageId);
        if (Files.exists(target)) {
            return;
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), imageId, ".tmp");
            Files.write(tmp, bytes);
            moveAtomically(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store image " + imageId, e);
        }
    }

    private static void moveAtomically(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public boolean contains(String imageId) {
        return Files.exists(pathOf(imageId));
    }

    public Optional<byte[]> read(String imageId) {
        Path path = pathOf(imageId);
        try {
            return Files.exists(path) ? Optional.of(Files.readAllBytes(path)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read image " + imageId, e);
        }
    }

    /**
     * The first {@code headBytes} bytes of an image (all of it when it is smaller) and whether it ends with a JPEG
     * EOI marker: two small reads instead of the whole file, which is all a decoder needs when the camera's EXIF
     * thumbnail will do ({@link org.trapstream.image.ImageDecoder#readThumbnail}).
     */
    public Optional<ImageHead> readHead(String imageId, int headBytes) {
        Path path = pathOf(imageId);
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = file.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, headBytes));
            if (!readFully(file, head, 0)) {
                throw new IOException("the file is shorter than its size says");
            }
            ByteBuffer tail = ByteBuffer.allocate(2);
            boolean endsWithEndOfImage = size >= 2 && readFully(file, tail, size - 2)
                && (tail.get(0) & 0xFF) == 0xFF && (tail.get(1) & 0xFF) == 0xD9;
            return Optional.of(new ImageHead(head.array(), size, endsWithEndOfImage));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read image " + imageId, e);
        }
    }

    /** Fills {@code buffer} from {@code position}; false when the file ended first. */
    private static boolean readFully(FileChannel file, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = file.read(buffer, at);
            if (read < 0) {
                return false;
            }
            at += read;
        }
        return true;
    }

    public void markPublished(String imageId) {
        Path marker = pathOf(imageId).resolveSibling(imageId + PUBLISHED_SUFFIX);
        try {
            if (!Files.exists(marker)) {
                Files.createFile(marker);
            }
        } catch (FileAlreadyExistsException e) {
            // another worker published the same image at the same moment: the marker is what counts
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot mark image " + imageId + " as published", e);
        }
    }

    public boolean isPublished(String imageId) {
        return Files.exists(pathOf(imageId).resolveSibling(imageId + PUBLISHED_SUFFIX));
    }
}
