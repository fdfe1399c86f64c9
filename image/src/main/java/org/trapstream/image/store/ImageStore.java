package org.trapstream.image.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.trapstream.common.contract.ImageIds;
import org.trapstream.common.io.DurableFiles;
import org.trapstream.common.io.FileDigests;
import org.trapstream.image.ImageHead;

/**
 * Content-addressed store of original images on disk: {@code <root>/ab/cd/<sha256>}. Writes are durable and
 * atomic ({@link DurableFiles}: temporary file, fsync, rename, fsync of the directory), so a reader never sees
 * half an image, and one that was stored is still whole after a crash. An image counts as ingested only once
 * its {@code .published} marker exists and the stored file is whole: the marker, written after Kafka
 * acknowledged the image, records the length and SHA-256 the file must still have. An image stored but never
 * published, or whose file was lost or damaged since, is stored and published again when it arrives again.
 * An image with a {@code .keep} marker ({@link #keep}) is never deleted by {@link StoreRetention}.
 * Blocking: call from workers.
 */
public final class ImageStore {

    private static final String PUBLISHED_SUFFIX = ".published";
    private static final String KEEP_SUFFIX = ".keep";
    private static final String WRITE_PROBE = ".write-probe";

    private final Path root;
    private final DurableFiles files;
    /** Why the last write failed, with its size, until a write succeeds or that much space is free again. */
    private volatile FailedWrite lastFailure;

    private record FailedWrite(String reason, long bytes) {
    }

    public ImageStore(Path root) {
        this(root, DurableFiles.onDisk());
    }

    /** A store whose writes go through {@code files} (tests give one whose disk is full). */
    public ImageStore(Path root, DurableFiles files) {
        this.root = root;
        this.files = files;
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

    /**
     * Stores the bytes under their id unless they are there already, whole; a damaged copy is replaced.
     *
     * @throws ImageStoreWriteException with the file system's reason (e.g. "No space left on device"); no
     *     partial or temporary file is left behind
     */
    public void put(String imageId, byte[] bytes) {
        Path target = pathOf(imageId);
        try {
            if (isWhole(target, bytes.length, imageId)) {
                // stored again: retention counts the image's age from now, as it is about to be published again
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
                return;
            }
            files.replace(target, bytes);
            lastFailure = null;
        } catch (IOException e) {
            throw failed("Cannot store image " + imageId, bytes.length, e);
        }
    }

    /**
     * Empty while the store takes writes; else why the last one failed. After a failure each call tries a write
     * of the failed size (a probe file, deleted again), so the store reports writable by itself once space was
     * freed, and a full disk keeps it unwritable without waiting for the next image.
     */
    public Optional<String> writeFailure() {
        FailedWrite failure = lastFailure;
        if (failure == null) {
            return Optional.empty();
        }
        Path probe = root.resolve(WRITE_PROBE);
        try {
            files.replace(probe, new byte[(int) failure.bytes()]);
            Files.delete(probe);
            lastFailure = null;
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(failure.reason());
        }
    }

    private ImageStoreWriteException failed(String what, long bytes, IOException e) {
        String reason = what + ": " + e.getMessage();
        lastFailure = new FailedWrite(reason, bytes);
        return new ImageStoreWriteException(reason, e);
    }

    /** Whether the file holds exactly {@code length} bytes whose SHA-256 is {@code sha256}. */
    private static boolean isWhole(Path file, long length, String sha256) throws IOException {
        try {
            return Files.size(file) == length && FileDigests.sha256(file).equals(sha256);
        } catch (NoSuchFileException e) {
            return false;
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

    /** Records that the stored image was published, with the length its file has now ({@link #isPublished}). */
    public void markPublished(String imageId) {
        Path image = pathOf(imageId);
        try {
            String marker = imageId + " " + Files.size(image);
            // Atomic, not flushed: a marker lost in a crash costs one more publication of the image, no more.
            files.replaceAtomically(marker(imageId), marker.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw failed("Cannot mark image " + imageId + " as published", 0, e);
        }
    }

    /**
     * Whether the image was published and its stored file is still whole: as long as its marker says and with
     * its id as SHA-256. A marker from before markers held the length (empty), or one that cannot be read, does
     * not count.
     */
    public boolean isPublished(String imageId) {
        Path marker = marker(imageId);
        try {
            String[] recorded = Files.readString(marker, StandardCharsets.US_ASCII).strip().split(" ");
            return recorded.length == 2 && recorded[0].equals(imageId)
                && isWhole(pathOf(imageId), Long.parseLong(recorded[1]), imageId);
        } catch (IOException | NumberFormatException e) {
            // No marker, or none that can be read: when in doubt the image is stored and published again.
            return false;
        }
    }

    /**
     * Marks the image as needed (it has a label, or a review item asks for one), so retention never deletes it.
     * Written once; the marker stays after the label changes, as an image labelled once is training data.
     */
    public void keep(String imageId) {
        Path marker = keepMarker(imageId);
        if (Files.exists(marker)) {
            return;
        }
        try {
            // durable: a marker lost in a crash would leave a labelled image to retention
            files.replace(marker, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot mark image " + imageId + " as kept", e);
        }
    }

    public boolean isKept(String imageId) {
        return Files.exists(keepMarker(imageId));
    }

    /**
     * Deletes the image and its publication marker; the number of bytes this call freed, 0 when the image was
     * gone already (another replica's sweep deleted it first). Its keep marker, if any, is left alone.
     */
    public long delete(String imageId) {
        Path image = pathOf(imageId);
        try {
            long size = Files.size(image);
            boolean deleted = Files.deleteIfExists(image);
            Files.deleteIfExists(marker(imageId));
            return deleted ? size : 0;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete image " + imageId, e);
        }
    }

    /** An image file as the directory lists it: its id, size and last modification (when it was last stored). */
    public record StoredImage(String imageId, long bytes, Instant modified) {
    }

    /**
     * Every image file in the store (markers and temporary files aside). Files deleted while the listing runs
     * are left out; the listing is a snapshot of the moment each directory was read.
     */
    public List<StoredImage> list() {
        List<StoredImage> images = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return images;
        }
        // Level by level rather than Files.walk, which fails outright when a file it listed is deleted before it
        // reads its attributes: another ingest replica's sweep may be deleting right now.
        for (Path first : children(root)) {
            for (Path second : children(first)) {
                for (Path path : children(second)) {
                    if (!ImageIds.isValid(path.getFileName().toString())) {
                        continue;
                    }
                    try {
                        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                        if (attributes.isRegularFile()) {
                            images.add(new StoredImage(path.getFileName().toString(), attributes.size(),
                                attributes.lastModifiedTime().toInstant()));
                        }
                    } catch (NoSuchFileException e) {
                        // deleted since its directory was read
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot read " + path, e);
                    }
                }
            }
        }
        return images;
    }

    /** The entries of a directory; none when it is not one (any more). */
    private static List<Path> children(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(children::add);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
        return children;
    }

    private Path marker(String imageId) {
        return pathOf(imageId).resolveSibling(imageId + PUBLISHED_SUFFIX);
    }

    private Path keepMarker(String imageId) {
        return pathOf(imageId).resolveSibling(imageId + KEEP_SUFFIX);
    }
}
