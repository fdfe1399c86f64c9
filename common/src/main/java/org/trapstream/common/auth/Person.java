package org.trapstream.common.auth;

/** A person who uses the dashboard with a role. */
public record Person(String name, AccessRole role) implements Principal {

    public Person {
        Principal.requireValidName(name);
    }
}
