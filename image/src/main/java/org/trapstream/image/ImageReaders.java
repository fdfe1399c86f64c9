package org.trapstream.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Fresh ImageIO readers over in-memory bytes. Readers keep per-image state and are not thread-safe, so
 * every probe and decode gets its own; their providers are immutable and shared.
 *
 * <p>The JDK's own readers are chosen even when a plugin such as TwelveMonkeys (which DL4J's DataVec pulls
 * in) registers itself for the same format: it is markedly slower on JPEG, and one known decoder keeps the
 * colour handling here predictable.
 */
final class ImageReaders {

    private static final String JDK_PLUGIN_PACKAGE = "com.sun.imageio.plugins.";
    private static final Map<ImageFormat, ImageReaderSpi> PROVIDERS = new EnumMap<>(ImageFormat.class);

    static {
        // Images arrive as byte arrays: a disk cache would only add temporary files and I/O.
        ImageIO.setUseCache(false);
        for (ImageFormat format : ImageFormat.values()) {
            if (format.decodable()) {
                PROVIDERS.put(format, provider(format));
            }
        }
    }

    /** A reader and the stream it reads; closing disposes the reader's native resources. */
    record Opened(ImageReader reader, ImageInputStream stream) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            reader.dispose();
            stream.close();
        }
    }

    /** A new reader positioned on the bytes, reading forward only and skipping metadata ImageIO would parse. */
    static Opened open(ImageFormat format, byte[] bytes) throws IOException {
        return open(format, bytes, 0, bytes.length);
    }

    /** As {@link #open(ImageFormat, byte[])}, on the {@code length} bytes from {@code offset}. */
    static Opened open(ImageFormat format, byte[] bytes, int offset, int length) throws IOException {
        ImageReaderSpi provider = PROVIDERS.get(format);
        if (provider == null) {
            throw new IllegalArgumentException("No reader for " + format.code());
        }
        ImageInputStream stream = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes, offset, length));
        ImageReader reader = provider.createReaderInstance();
        reader.setInput(stream, true, true);
        return new Opened(reader, stream);
    }

    private static ImageReaderSpi provider(ImageFormat format) {
        ImageReaderSpi fallback = null;
        Iterator<ImageReaderSpi> providers = IIORegistry.getDefaultInstance().getServiceProviders(
            ImageReaderSpi.class, spi -> readsFormat((ImageReaderSpi) spi, format), true);
        while (providers.hasNext()) {
            ImageReaderSpi spi = providers.next();
            if (spi.getPluginClassName().startsWith(JDK_PLUGIN_PACKAGE)) {
                return spi;
            }
            if (fallback == null) {
                fallback = spi;
            }
        }
        if (fallback == null) {
            throw new IllegalStateException("This JVM has no ImageIO reader for " + format.code());
        }
        return fallback;
    }

    private static boolean readsFormat(ImageReaderSpi spi, ImageFormat format) {
        for (String name : spi.getFormatNames()) {
            if (name.equalsIgnoreCase(format.code())) {
                return true;
            }
        }
        return false;
    }

    private ImageReaders() {
    }
}
