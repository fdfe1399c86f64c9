package org.trapstream.tests.faults;

/**
 * The short form of the fault suite runs in every {@code mvn verify}; the long form ({@code -Pfaults}, which sets
 * {@code trapstream.faults=long}) sends ten times the images and repeats each scenario.
 */
final class Scale {

    static final boolean LONG = "long".equals(System.getProperty("trapstream.faults"));

    private Scale() {
    }

    static int images(int shortForm) {
        return LONG ? shortForm * 10 : shortForm;
    }
}
