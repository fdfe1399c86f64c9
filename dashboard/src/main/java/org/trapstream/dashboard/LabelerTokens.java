package org.trapstream.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.trapstream.common.config.ConfigException;

/**
 * The labelers allowed to send feedback, from {@code dashboard.labeler.tokens} ({@code name:token,name2:token2}).
 *
 * <p>A presented token is compared with every known one in time that depends on neither where the match is nor
 * how much of it matches: both sides are hashed to SHA-256 first (equal lengths, so nothing leaks the length of a
 * real token), compared with {@link MessageDigest#isEqual}, and the loop never stops early.
 */
final class LabelerTokens {

    private record Labeler(String name, byte[] tokenDigest) {}

    private final List<Labeler> labelers;

    private LabelerTokens(List<Labeler> labelers) {
        this.labelers = List.copyOf(labelers);
    }

    /** Parses {@code name:token} pairs; throws {@link ConfigException} naming the bad entry's position. */
    static LabelerTokens parse(List<String> pairs) {
        List<Labeler> labelers = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            String pair = pairs.get(i);
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                // The entry itself is a secret: say which one, never what it holds.
                throw new ConfigException(DashboardConfig.LABELER_TOKENS + ": entry " + (i + 1)
                    + " is not of the form name:token");
            }
            labelers.add(new Labeler(pair.substring(0, colon).trim(), sha256(pair.substring(colon + 1).trim())));
        }
        return new LabelerTokens(labelers);
    }

    /** The name of the labeler whose token this is. */
    Optional<String> authenticate(String presentedToken) {
        if (presentedToken == null) {
            return Optional.empty();
        }
        byte[] presented = sha256(presentedToken);
        String match = null;
        for (Labeler labeler : labelers) {
            if (MessageDigest.isEqual(labeler.tokenDigest(), presented) && match == null) {
                match = labeler.name();
            }
        }
        return Optional.ofNullable(match);
    }

    int size() {
        return labelers.size();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
