package org.trapstream.common.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Files that are whole once visible and still there after a crash: bytes go to a temporary file beside the
 * target, which is flushed to the disk ({@code fsync}), renamed into place atomically, and then the directory
 * is flushed so that the rename itself survives. A write that fails leaves no temporary file behind.
 *
 * <p>The {@link WriteBoundary} is where bytes meet the disk; tests give one that fails as a full disk does.
 */
public final class DurableFiles {

    /** Writes all of {@code bytes} to the channel, or throws as the file system does (ENOSPC, EIO). */
    @FunctionalInterface
    public interface WriteBoundary {
        void write(FileChannel channel, ByteBuffer bytes) throws IOException;
    }

    private static final WriteBoundary DISK = (channel, bytes) -> {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    };
    private static final DurableFiles ON_DISK = new DurableFiles(DISK);

    private final WriteBoundary boundary;

    public DurableFiles(WriteBoundary boundary) {
        this.boundary = boundary;
    }

    /** Files written straight to the disk. */
    public static DurableFiles onDisk() {
        return ON_DISK;
    }

    /**
     * Puts {@code bytes} at {@code target} durably, replacing what was there.
     *
     * @throws IOException with the file system's reason (e.g. "No space left on device"); nothing was changed
     */
    public void replace(Path target, byte[] bytes) throws IOException {
        put(target, bytes, true);
    }

    /**
     * Puts {@code bytes} at {@code target} atomically but without waiting for the disk: after a crash the file
     * may be the old one, or absent, never half written. For files whose loss costs only work done again.
     */
    public void replaceAtomically(Path target, byte[] bytes) throws IOException {
        put(target, bytes, false);
    }

    /** Flushes every regular file under {@code directory} and the directories themselves, e.g. before a rename. */
    public static void syncTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.toList()) {
                if (Files.isRegularFile(path)) {
                    try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
                        file.force(true);
                    }
                } else if (Files.isDirectory(path)) {
                    syncDirectory(path);
                }
            }
        }
    }

    /** Flushes a directory's entries, so that files created, renamed or deleted in it stay so after a crash. */
    public static void syncDirectory(Path directory) throws IOException {
        // Linux allows fsync on a directory opened for reading; the JDK has no other way to reach it.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private void put(Path target, byte[] bytes, boolean durable) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path tmp = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel file = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                boundary.write(file, ByteBuffer.wrap(bytes));
                if (durable) {
                    file.force(true);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (durable) {
                syncDirectory(directory);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp, e);
            throw e;
        }
    }

    private static void deleteQuietly(Path tmp, Exception cause) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
