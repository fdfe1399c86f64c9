package org.trapstream.common.auth;

/** A principal and the stored hash of its secret. */
public record Credential<P extends Principal>(P principal, SecretHash hash) {
}
