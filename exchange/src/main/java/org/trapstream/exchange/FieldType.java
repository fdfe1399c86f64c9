package org.trapstream.exchange;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The Frictionless Table Schema field types Camtrap DP uses, each reading a cell into a comparable value (for
 * {@code minimum}, {@code maximum}, {@code unique} and keys) or saying why it cannot.
 */
enum FieldType {

    STRING {
        @Override
        Comparable<?> read(String cell, String format) {
            return cell;
        }
    },
    NUMBER {
        @Override
        Comparable<?> read(String cell, String format) {
            // Frictionless numbers: a decimal with optional exponent, or NaN/INF/-INF.
            if (NUMBER_SPECIAL.contains(cell)) {
                return cell.startsWith("-") ? Double.NEGATIVE_INFINITY
                    : cell.equals("NaN") ? Double.NaN : Double.POSITIVE_INFINITY;
            }
            if (!DECIMAL.matcher(cell).matches()) {
                throw new IllegalArgumentException("not a number");
            }
            return new BigDecimal(cell).doubleValue();
        }
    },
    INTEGER {
        @Override
        Comparable<?> read(String cell, String format) {
            if (!WHOLE.matcher(cell).matches()) {
                throw new IllegalArgumentException("not an integer");
            }
            return new BigDecimal(cell).doubleValue();
        }
    },
    BOOLEAN {
        @Override
        Comparable<?> read(String cell, String format) {
            if (TRUE_VALUES.contains(cell)) {
                return Boolean.TRUE;
            }
            if (FALSE_VALUES.contains(cell)) {
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("not a boolean (true, false, 1, 0)");
        }
    },
    DATETIME {
        @Override
        Comparable<?> read(String cell, String format) {
            try {
                DateTimeFormatter formatter = FORMATTERS.computeIfAbsent(pattern(format), FieldType::formatter);
                TemporalAccessor parsed = formatter.parse(cell);
                boolean hasOffset = parsed.isSupported(ChronoField.OFFSET_SECONDS);
                if (!hasOffset && pattern(format).contains("%z")) {
                    throw new IllegalArgumentException("not a datetime in format " + format + ": no UTC offset");
                }
                ZoneOffset offset = hasOffset
                    ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
                return OffsetDateTime.of(parsed.get(ChronoField.YEAR), parsed.get(ChronoField.MONTH_OF_YEAR),
                    parsed.get(ChronoField.DAY_OF_MONTH), parsed.get(ChronoField.HOUR_OF_DAY),
                    parsed.get(ChronoField.MINUTE_OF_HOUR), parsed.get(ChronoField.SECOND_OF_MINUTE), 0, offset)
                    .toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a datetime in format " + format);
            }
        }
    },
    ANY {
        @Override
        Comparable<?> read(String cell, String format) {
            return cell;
        }
    };

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");
    private static final List<String> NUMBER_SPECIAL = List.of("NaN", "INF", "-INF");
    private static final List<String> TRUE_VALUES = List.of("true", "True", "TRUE", "1");
    private static final List<String> FALSE_VALUES = List.of("false", "False", "FALSE", "0");
    /** By datetime pattern: a table has few, its cells many. */
    private static final Map<String, DateTimeFormatter> FORMATTERS = new ConcurrentHashMap<>();

    /** The cell's value; {@link IllegalArgumentException} says why the cell is not of this type. */
    abstract Comparable<?> read(String cell, String format);

    static FieldType of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field type '" + name + "' is not one Camtrap DP uses "
                + "(string, number, integer, boolean, datetime, any)");
        }
    }

    /**
     * A datetime format as Frictionless writes it: {@code default} (ISO 8601 in UTC), or a strptime pattern of
     * {@code %Y %m %d %H %M %S %z} and literals; {@code %z} takes {@code Z}, {@code +hh:mm} or {@code +hhmm}.
     */
    static DateTimeFormatter formatter(String format) {
        String pattern = pattern(format);
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 == pattern.length()) {
                builder.appendLiteral(c);
                continue;
            }
            char directive = pattern.charAt(++i);
            switch (directive) {
                case 'Y' -> builder.appendValue(ChronoField.YEAR, 4);
                case 'm' -> builder.appendValue(ChronoField.MONTH_OF_YEAR, 2);
                case 'd' -> builder.appendValue(ChronoField.DAY_OF_MONTH, 2);
                case 'H' -> builder.appendValue(ChronoField.HOUR_OF_DAY, 2);
                case 'M' -> builder.appendValue(ChronoField.MINUTE_OF_HOUR, 2);
                case 'S' -> builder.appendValue(ChronoField.SECOND_OF_MINUTE, 2);
                case 'z' -> builder.optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
                    .optionalStart().appendOffset("+HHMM", "Z").optionalEnd();
                case '%' -> builder.appendLiteral('%');
                default -> throw new IllegalArgumentException("datetime format " + format + " uses %" + directive
                    + ", which this validator does not read");
            }
        }
        return builder.toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }

    private static String pattern(String format) {
        return format == null || format.equals("default") || format.equals("any") ? "%Y-%m-%dT%H:%M:%S%z" : format;
    }
}
