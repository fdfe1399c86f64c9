package org.trapstream.common.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

/**
 * Checks bearer tokens against stored hashes. A slow hash costs tens of milliseconds, so checks run on a worker,
 * at most {@value #MAX_PENDING} at a time (more are refused rather than queued, so a flood of bad tokens cannot
 * pile up work); a success is cached by a fast digest of the token for a bounded time, the least recently used
 * entry leaving first when the cache is full. Failures are not cached: a guesser pays the full price every time.
 */
public final class TokenVerifier<P extends Principal> {

    static final int MAX_PENDING = 32;

    private record Verified<P>(P principal, long expiresAtNanos) {}

    private final WorkerExecutor workers;
    private final long ttlNanos;
    private final Map<String, Verified<P>> cache;
    private final AtomicInteger pending = new AtomicInteger();

    TokenVerifier(WorkerExecutor workers, Duration ttl, int capacity) {
        this.workers = workers;
        this.ttlNanos = ttl.toNanos();
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verified<P>> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The principal among {@code candidates} whose secret {@code token} is; fails with
     * {@link RejectedExecutionException} when too many checks are under way.
     */
    public Future<Optional<P>> verify(String token, List<Credential<P>> candidates) {
        String digest = SecretHash.fastDigest(token);
        P cached = cached(digest);
        if (cached != null) {
            return Future.succeededFuture(Optional.of(cached));
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            return Future.failedFuture(new RejectedExecutionException("too many credentials are being checked"));
        }
        return workers.executeBlocking(() -> match(token, candidates), false)
            .andThen(ignored -> pending.decrementAndGet())
            .onSuccess(found -> found.ifPresent(principal -> remember(digest, principal)));
    }

    private static <P extends Principal> Optional<P> match(String token, List<Credential<P>> candidates) {
        // Stopping at a match tells a timing observer which entry matched, never anything about a secret.
        return candidates.stream().filter(c -> c.hash().matches(token)).map(Credential::principal).findFirst();
    }

    private synchronized P cached(String digest) {
        Verified<P> verified = cache.get(digest);
        if (verified == null) {
            return null;
        }
        if (System.nanoTime() - verified.expiresAtNanos() > 0) {
            cache.remove(digest);
            return null;
        }
        return verified.principal();
    }

    private synchronized void remember(String digest, P principal) {
        cache.put(digest, new Verified<>(principal, System.nanoTime() + ttlNanos));
    }
}
