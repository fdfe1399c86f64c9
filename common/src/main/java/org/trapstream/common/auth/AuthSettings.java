package org.trapstream.common.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import io.vertx.core.WorkerExecutor;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.ConfigException;
import org.trapstream.common.config.TrapstreamConfig;

import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Type.DURATION;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Validator.atLeast;

/**
 * How verified credentials are cached, for every role that checks them, and the parsing of the credential lists
 * the roles define ({@code dashboard.people}, {@code ingest.devices}). An entry is a secret's stored form, never
 * the secret: {@code trapstream credentials hash} prints it.
 */
public final class AuthSettings {

    public static final String AUTH_CACHE_TTL = "auth.cache.ttl";
    public static final String AUTH_CACHE_SIZE = "auth.cache.size";

    public static final ConfigDef DEFINITION = new ConfigDef("auth")
        .define(AUTH_CACHE_TTL, DURATION, "10m", LOW,
            "How long a verified credential is trusted without checking its slow hash again (the cache keys on a "
                + "SHA-256 of the token). Removing a credential takes effect on restart.")
        .define(AUTH_CACHE_SIZE, INT, "10000", atLeast(1), LOW,
            "Most verified credentials cached; beyond it the least recently used is checked again on its next use.");

    private AuthSettings() {
    }

    /** A verifier sized by this configuration, running its slow checks on {@code workers}. */
    public static <P extends Principal> TokenVerifier<P> verifier(TrapstreamConfig config,
                                                                  WorkerExecutor workers) {
        return new TokenVerifier<>(workers, config.getDuration(AUTH_CACHE_TTL), config.getInt(AUTH_CACHE_SIZE));
    }

    /** {@code name:role:hash} entries; errors name the key and the entry's position, never its content. */
    public static List<Credential<Person>> people(String key, List<String> entries) {
        return parse(key, entries, "name:role:hash", fields -> {
            if (fields.length != 3) {
                throw new IllegalArgumentException("is not of the form name:role:hash");
            }
            return new Credential<>(new Person(fields[0], role(fields[1])), SecretHash.parse(fields[2]));
        });
    }

    /** {@code camera:CAMERA_ID:hash} and {@code gateway:NAME:PATTERN|PATTERN:hash} entries. */
    public static List<Credential<Device>> devices(String key, List<String> entries) {
        return parse(key, entries, "camera:CAMERA_ID:hash or gateway:NAME:PATTERN|PATTERN:hash", fields -> {
            if (fields.length == 3 && fields[0].equals("camera")) {
                return new Credential<>(Device.camera(fields[1]), SecretHash.parse(fields[2]));
            }
            if (fields.length == 4 && fields[0].equals("gateway")) {
                return new Credential<>(new Device(fields[1], true, Arrays.asList(fields[2].split("\\|"))),
                    SecretHash.parse(fields[3]));
            }
            throw new IllegalArgumentException("is not of the form camera:CAMERA_ID:hash or "
                + "gateway:NAME:PATTERN|PATTERN:hash");
        });
    }

    private static <P extends Principal> List<Credential<P>> parse(String key, List<String> entries, String form,
                                                                   Function<String[], Credential<P>> entry) {
        List<Credential<P>> credentials = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            try {
                Credential<P> credential = entry.apply(entries.get(i).split(":", -1));
                if (credentials.stream().anyMatch(c -> c.principal().name().equals(credential.principal().name()))) {
                    throw new IllegalArgumentException("repeats the name " + credential.principal().name());
                }
                credentials.add(credential);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": entry " + (i + 1) + " (" + form + ") " + e.getMessage());
            }
        }
        return List.copyOf(credentials);
    }

    private static AccessRole role(String code) {
        for (AccessRole role : AccessRole.values()) {
            if (role.code().equals(code)) {
                return role;
            }
        }
        throw new IllegalArgumentException("has role '" + code + "'; the roles are viewer, labeler and operator");
    }
}
