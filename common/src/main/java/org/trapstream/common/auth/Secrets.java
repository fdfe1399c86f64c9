package org.trapstream.common.auth;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * New secrets and the floor for given ones. A generated token is 128 random bits in URL-safe base64 (22
 * characters). A given secret must be worth at least {@value #MIN_GIVEN_BITS} bits by a generous estimate (its
 * length times the bits of the character classes it draws on) and be at least {@value #MIN_GIVEN_LENGTH} long:
 * 20 mixed-case letters and digits, or 23 lower-case letters, pass; a word with a number does not.
 */
public final class Secrets {

    public static final int GENERATED_BITS = 128;
    public static final int MIN_GIVEN_BITS = 100;
    public static final int MIN_GIVEN_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static String generate() {
        byte[] random = new byte[GENERATED_BITS / 8];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Throws {@link IllegalArgumentException}, saying what is missing but not what the secret is, when too weak. */
    public static void requireStrong(String secret) {
        double bits = estimatedBits(secret);
        if (secret.length() < MIN_GIVEN_LENGTH || bits < MIN_GIVEN_BITS) {
            throw new IllegalArgumentException(String.format("the secret is too weak: %d characters worth about %.0f "
                + "bits; at least %d characters and %d bits are required (mix upper and lower case, digits and "
                + "symbols, or make it longer), or let a new one be generated", secret.length(), bits,
                MIN_GIVEN_LENGTH, MIN_GIVEN_BITS));
        }
        if (secret.chars().anyMatch(c -> c <= ' ' || c == ',' || c == 0x7f)) {
            throw new IllegalArgumentException("the secret must not contain spaces, commas or control characters "
                + "(it travels in an Authorization header and in comma-separated configuration)");
        }
    }

    /** Length times log2 of the alphabet its character classes span; an upper bound, fine for a floor. */
    static double estimatedBits(String secret) {
        int alphabet = 0;
        alphabet += secret.chars().anyMatch(c -> c >= 'a' && c <= 'z') ? 26 : 0;
        alphabet += secret.chars().anyMatch(c -> c >= 'A' && c <= 'Z') ? 26 : 0;
        alphabet += secret.chars().anyMatch(c -> c >= '0' && c <= '9') ? 10 : 0;
        alphabet += secret.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 32 : 0;
        return alphabet == 0 ? 0 : secret.length() * (Math.log(alphabet) / Math.log(2));
    }
}
