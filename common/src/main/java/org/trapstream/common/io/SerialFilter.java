package org.trapstream.common.io;

import java.io.ObjectInputFilter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide filter on Java deserialization. Trapstream itself never deserializes Java objects; the one
 * place a library does is DL4J's {@code ModelSerializer}, which runs {@code ObjectInputStream.readObject} on a
 * model file's {@code preprocessor.bin} and on normalizers in their old format. Model files with such entries are
 * refused before DL4J opens them ({@code Dl4jNetworks.checkEntries}); this filter is the second wall, for any
 * path that reaches DL4J another way: it admits DL4J's normalizers and the few JDK and ND4J classes their fields
 * hold, within small graph limits, and rejects every other class.
 *
 * <p>{@link #PATTERN} is the authority. The launcher script, {@code ./bench} and the container image pass the
 * same string as {@code -Djdk.serialFilter} so that the filter is there before any code runs (a test keeps the
 * copies equal); {@link #installIfAbsent()}, called when roles and commands start, sets it for a JVM started
 * without the flag (tests, embedding) and leaves an operator's own {@code -Djdk.serialFilter} alone.
 */
public final class SerialFilter {

    /**
     * What DL4J's normalizers deserialize into, as seen by filtering every one of them with {@code !*} and
     * reading the rejections: their own classes and statistics, ND4J's array proxy and the array it resolves to
     * (CPU, or CUDA with {@code -Pcuda}), and the list the multi-input normalizers keep their statistics in.
     * Primitive arrays need no entry. The limits stop a stream from nesting or referencing without bound.
     */
    public static final String PATTERN = "maxdepth=20;maxrefs=10000;maxarray=16777216;maxbytes=67108864;"
        + "org.nd4j.linalg.dataset.api.preprocessor.**;"
        + "org.nd4j.linalg.api.ndarray.BaseNDArrayProxy;org.nd4j.linalg.cpu.nativecpu.NDArray;"
        + "org.nd4j.linalg.jcublas.JCublasNDArray;"
        + "java.util.ArrayList;"
        + "!*";

    private static final Logger LOG = LoggerFactory.getLogger(SerialFilter.class);

    private SerialFilter() {
    }

    /** The filter {@link #PATTERN} describes. */
    public static ObjectInputFilter filter() {
        return ObjectInputFilter.Config.createFilter(PATTERN);
    }

    /**
     * Sets {@link #filter()} as the JVM-wide filter unless one is set already (by {@code -Djdk.serialFilter} or an
     * earlier call); returns the filter in force.
     */
    public static synchronized ObjectInputFilter installIfAbsent() {
        ObjectInputFilter current = ObjectInputFilter.Config.getSerialFilter();
        if (current != null) {
            return current;
        }
        ObjectInputFilter filter = filter();
        ObjectInputFilter.Config.setSerialFilter(filter);
        LOG.debug("Java deserialization filter set: {}", PATTERN);
        return filter;
    }
}
