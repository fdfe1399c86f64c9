package org.trapstream.common.auth;

/** Who presented a credential: a {@link Person} or a {@link Device}. */
public sealed interface Principal permits Person, Device {

    /** Names become labelers on labels, metric-free log lines and rate-limit keys, so they are kept plain. */
    java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    String name();

    static String requireValidName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "' must match " + NAME.pattern());
        }
        return name;
    }
}
