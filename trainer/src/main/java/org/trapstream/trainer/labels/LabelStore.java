package org.trapstream.trainer.labels;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labels of all images: an append-only log of JSON lines ({@code labels.jsonl}), and in memory the last
 * label of each image, rebuilt from the log at open. The log keeps every label ever given (who changed what
 * and when); the last one for an image wins, and a retraction of that last one leaves the image unlabelled
 * ({@link LabelRecord#retracts}).
 *
 * <p>{@link #append} returns only after the lines are on disk (fsync), so a caller may then commit the Kafka
 * offsets of the feedback it came from. A crash mid-write leaves a torn last line, which {@link #open} cuts
 * off. One process at a time: the log is locked while open, so an import cannot race a running trainer.
 * Blocking: call from a worker or the training thread.
 */
public final class LabelStore implements Closeable {

    public static final String LOG_FILE = "labels.jsonl";

    private static final Logger LOG = LoggerFactory.getLogger(LabelStore.class);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<String, LabelRecord> latest = new HashMap<>();
    // Written under the lock, read without it: health checks and gauges on the event loop never wait.
    private volatile long logPosition;
    private volatile int labelledImages;

    private LabelStore(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Opens (creating if needed) the log in {@code dir}, repairs a torn tail and indexes every line. */
    public static LabelStore open(Path dir) {
        Path file = dir.resolve(LOG_FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException("The label log " + file + " is in use by another process "
                    + "(a running trainer?); stop it first");
            }
            LabelStore store = new LabelStore(file, channel, lock);
            store.cutTornTail();
            store.index();
            return store;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new IllegalStateException("The label log " + file + " is already open in this process", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot open the label log " + file, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Every complete line ends with a newline; bytes after the last one are a write the crash interrupted. */
    private void cutTornTail() throws IOException {
        long size = channel.size();
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end < size) {
            LOG.warn("Label log {} ends with {} bytes of a torn line; cutting them off", file, size - end);
            channel.truncate(end);
            channel.force(true);
        }
    }

    private void index() throws IOException {
        channel.position(0);
        // The reader must not close the channel: the store keeps writing to it.
        replay(file, new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8)), this::remember);
        LOG.info("Label log {}: {} records, {} labelled images", file, logPosition, latest.size());
    }

    private static void replay(Path file, BufferedReader reader, Consumer<LabelRecord> into) throws IOException {
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            try {
                into.accept(LabelRecord.fromJson(new JsonObject(line)));
            } catch (RuntimeException e) { // a hand-edited or foreign line: keep the rest of the log usable
                LOG.warn("Skipping unreadable line {} of {}: {}", lineNumber, file, e.getMessage());
            }
        }
    }

    /**
     * The current labels without opening the store for writing: works while a trainer holds the log (e.g. for
     * an export). A line being appended at this moment may be missed or skipped as unreadable.
     */
    public static LabelSnapshot readSnapshot(Path dir) {
        Path file = dir.resolve(LOG_FILE);
        Map<String, LabelRecord> latest = new HashMap<>();
        long[] records = {0};
        if (Files.exists(file)) {
            try (BufferedReader reader = Files.newBufferedReader(file)) {
                replay(file, reader, record -> {
                    apply(latest, record);
                    records[0]++;
                });
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the label log " + file, e);
            }
        }
        return LabelSnapshot.of(latest.values(), records[0]);
    }

    private void remember(LabelRecord record) {
        apply(latest, record);
        labelledImages = latest.size();
        logPosition++;
    }

    /** A label becomes its image's latest; a retraction removes the label it takes back, if that is still the latest. */
    private static void apply(Map<String, LabelRecord> latest, LabelRecord record) {
        if (!record.isRetraction()) {
            latest.put(record.imageId(), record);
        } else if (record.retracts(latest.get(record.imageId()))) {
            latest.remove(record.imageId());
        }
    }

    /** Appends the records and forces them to disk before returning; then they count as labels. */
    public synchronized void append(List<LabelRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        records.forEach(r -> lines.append(r.toJson().encode()).append('\n'));
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes, channel.size());
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the label log " + file, e);
        }
        records.forEach(this::remember);
    }

    public synchronized Optional<LabelRecord> latest(String imageId) {
        return Optional.ofNullable(latest.get(imageId));
    }

    /** Images that have a label. */
    public int labelledImages() {
        return labelledImages;
    }

    /** Records in the log, including superseded ones: a position that only grows. */
    public long logPosition() {
        return logPosition;
    }

    /** Copies the labels under the lock; sorting and hashing them happen outside it, so appends barely wait. */
    public LabelSnapshot snapshot() {
        List<LabelRecord> records;
        long position;
        synchronized (this) {
            records = List.copyOf(latest.values());
            position = logPosition;
        }
        return LabelSnapshot.of(records, position);
    }

    @Override
    public synchronized void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the label log " + file, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing {} after a failed open failed too", channel, e);
            }
        }
    }
}
