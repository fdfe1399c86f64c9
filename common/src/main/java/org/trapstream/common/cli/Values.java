package org.trapstream.common.cli;

import java.time.Duration;

import org.trapstream.common.config.ConfigDef;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converters for the kinds of option values the commands share; a value that does not fit is a usage error. */
public final class Values {

    private Values() {
    }

    /** A whole number of at least 1. */
    public static final class PositiveInteger implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed >= 1) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below, like a number below 1
            }
            throw new TypeConversionException("'" + value + "' is not a positive whole number");
        }
    }

    /** A finite number above 0. */
    public static final class PositiveNumber implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                double parsed = Double.parseDouble(value.trim());
                if (parsed > 0 && Double.isFinite(parsed)) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below, like a number below 0
            }
            throw new TypeConversionException("'" + value + "' is not a positive number");
        }
    }

    /** A duration as the configuration writes them: 250ms, 30s, 10m, 2h. */
    public static final class TimeSpan implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return ConfigDef.parseDuration(value.trim());
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new TypeConversionException("'" + value + "' is not a duration such as 250ms, 30s, 10m or 2h");
            }
        }
    }
}
