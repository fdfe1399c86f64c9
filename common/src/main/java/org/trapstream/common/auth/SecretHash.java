package org.trapstream.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The stored form of a secret: {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}, salt and hash in unpadded base64,
 * PBKDF2-HMAC-SHA256 from the JDK. The iteration count travels with the hash, so a later, higher default leaves
 * the hashes already configured valid.
 *
 * <p>{@value #DEFAULT_ITERATIONS} iterations is OWASP's recommendation for PBKDF2-HMAC-SHA256 (Password Storage
 * Cheat Sheet, 2023): given secrets may be chosen by people, and a leaked configuration should cost an attacker
 * that much per guess. Servers pay it once per token and cache lifetime, on a worker thread.
 */
public record SecretHash(int iterations, byte[] salt, byte[] hash) {

    public static final String SCHEME = "pbkdf2-sha256";
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Below this a stored hash is refused: it would be cheap to brute-force from a leaked configuration. */
    public static final int MIN_ITERATIONS = 100_000;
    static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Hashes {@code secret} with a fresh salt. */
    public static SecretHash of(String secret) {
        return of(secret, DEFAULT_ITERATIONS);
    }

    /** Hashes {@code secret} with a fresh salt and {@code iterations} from {@link #MIN_ITERATIONS} up. */
    public static SecretHash of(String secret, int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be from " + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new SecretHash(iterations, salt, derive(secret, salt, iterations));
    }

    /** Reads a stored form; the message of the {@link IllegalArgumentException} never repeats the value. */
    public static SecretHash parse(String stored) {
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("is not of the form " + SCHEME + "$ITERATIONS$SALT$HASH "
                + "(print one with `trapstream credentials hash`)");
        }
        int iterations;
        byte[] salt;
        byte[] hash;
        try {
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            hash = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has an iteration count, salt or hash that does not parse");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("must have from " + MIN_ITERATIONS + " to " + MAX_ITERATIONS
                + " iterations, not " + iterations);
        }
        if (salt.length < SALT_BYTES || hash.length != HASH_BITS / 8) {
            throw new IllegalArgumentException("must have a salt of at least " + SALT_BYTES + " bytes and a "
                + HASH_BITS / 8 + "-byte hash");
        }
        return new SecretHash(iterations, salt, hash);
    }

    /** Slow by design (tens of milliseconds): never call it on an event loop. */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(hash, derive(presented, salt, iterations));
    }

    /** The stored form, for a configuration file. */
    public String encoded() {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return SCHEME + '$' + iterations + '$' + base64.encodeToString(salt) + '$' + base64.encodeToString(hash);
    }

    @Override
    public String toString() {
        return SCHEME + "$" + iterations + "$...";
    }

    private static byte[] derive(String secret, byte[] salt, int iterations) {
        KeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every JVM", e);
        }
    }

    /** A fast digest for caching a verified token by; unsalted, so it must never be stored or logged. */
    static String fastDigest(String token) {
        try {
            return Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
