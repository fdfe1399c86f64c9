package org.trapstream.common.auth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trapstream.common.config.ConfigException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenVerifierTest {

    private static final String ALICE_TOKEN = Secrets.generate();
    private static final String BOB_TOKEN = Secrets.generate();
    private static final List<Credential<Person>> PEOPLE = AuthSettings.people("people", List.of(
        "alice:labeler:" + SecretHash.of(ALICE_TOKEN).encoded(), "bob:operator:" + SecretHash.of(BOB_TOKEN).encoded()));

    private static Vertx vertx;
    private static WorkerExecutor workers;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        workers = vertx.createSharedWorkerExecutor("auth-test", 2);
    }

    @AfterAll
    static void stop() throws Exception {
        workers.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aVerifiedTokenIsAnsweredFromTheCacheUntilItExpires() throws Exception {
        TokenVerifier<Person> verifier = new TokenVerifier<>(workers, Duration.ofMillis(300), 10);

        Future<Optional<Person>> first = verifier.verify(BOB_TOKEN, PEOPLE);
        assertFalse(first.isComplete(), "a slow hash runs on a worker");
        assertEquals(new Person("bob", AccessRole.OPERATOR), first.await(10, TimeUnit.SECONDS).orElseThrow());

        Future<Optional<Person>> cached = verifier.verify(BOB_TOKEN, PEOPLE);
        assertTrue(cached.isComplete(), "answered at once from the cache");
        assertEquals("bob", cached.result().orElseThrow().name());

        Thread.sleep(400);
        assertFalse(verifier.verify(BOB_TOKEN, PEOPLE).isComplete(), "checked again once expired");
    }

    @Test
    void anUnknownTokenIsNeverCachedAndTheCacheIsBounded() throws Exception {
        TokenVerifier<Person> verifier = new TokenVerifier<>(workers, Duration.ofMinutes(5), 1);

        assertTrue(verifier.verify("nobody's", PEOPLE).await(10, TimeUnit.SECONDS).isEmpty());
        assertFalse(verifier.verify("nobody's", PEOPLE).isComplete(), "a failure is checked every time");

        verifier.verify(ALICE_TOKEN, PEOPLE).await(10, TimeUnit.SECONDS);
        verifier.verify(BOB_TOKEN, PEOPLE).await(10, TimeUnit.SECONDS);
        assertFalse(verifier.verify(ALICE_TOKEN, PEOPLE).isComplete(), "alice left the one-entry cache for bob");
    }

    @Test
    void credentialEntriesAreCheckedAndTheirErrorsNameThePlaceNotTheContent() {
        String hash = SecretHash.of(ALICE_TOKEN).encoded();
        assertEquals("people: entry 2 (name:role:hash) has role 'admin'; the roles are viewer, labeler and operator",
            assertThrows(ConfigException.class, () -> AuthSettings.people("people",
                List.of("alice:viewer:" + hash, "eve:admin:" + hash))).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> AuthSettings.people("people",
            List.of("=cmd|' /C calc'!A0:viewer:" + hash))).getMessage().contains("must match"));
        assertTrue(assertThrows(ConfigException.class, () -> AuthSettings.people("people",
            List.of("alice:viewer:" + hash, "alice:operator:" + hash))).getMessage().endsWith("repeats the name alice"));
        assertTrue(assertThrows(ConfigException.class, () -> AuthSettings.people("people",
            List.of("alice:viewer:" + ALICE_TOKEN))).getMessage().contains("is not of the form pbkdf2-sha256"));

        List<Credential<Device>> devices = AuthSettings.devices("devices",
            List.of("camera:cam-7:" + hash, "gateway:gw:site-a-*|lone:" + hash));
        assertTrue(devices.get(0).principal().mayUploadFor("cam-7"));
        assertFalse(devices.get(0).principal().mayUploadFor("cam-70"));
        assertTrue(devices.get(1).principal().mayUploadFor("site-a-12"));
        assertTrue(devices.get(1).principal().mayUploadFor("lone"));
        assertFalse(devices.get(1).principal().mayUploadFor("site-b-1"));
        assertFalse(devices.get(1).principal().mayUploadFor("lonely"));
    }
}
