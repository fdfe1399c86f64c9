package org.trapstream.tests.faults;

import java.util.stream.IntStream;

/**
 * The short form of the fault suite runs in every {@code mvn verify}; the long form ({@code -Pfaults}, which sets
 * {@code trapstream.faults=long}) sends ten times the images and runs each scenario three times.
 */
final class Scale {

    static final boolean LONG = "long".equals(System.getProperty("trapstream.faults"));

    private Scale() {
    }

    /** The rounds of each scenario, for {@code @MethodSource}. */
    static IntStream rounds() {
        return IntStream.rangeClosed(1, LONG ? 3 : 1);
    }

    static int images(int shortForm) {
        return LONG ? shortForm * 10 : shortForm;
    }
}
