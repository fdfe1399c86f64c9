package org.trapstream.model.plot;

import java.awt.Color;

/**
 * One line of a {@link LinePanel}: points (x[i], y[i]); a non-finite y (an unknown score) breaks the line there.
 */
record Series(String name, Color color, double[] x, double[] y) {

    Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("Series " + name + " has " + x.length + " x and " + y.length + " y values");
        }
        x = x.clone();
        y = y.clone();
    }
}
