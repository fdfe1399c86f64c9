package org.trapstream.common.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.junit.jupiter.api.Test;
import org.trapstream.common.config.ConfigException;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trapstream.common.config.KafkaSettings.KAFKA_BOOTSTRAP_SERVERS;
import static org.trapstream.common.config.KafkaSettings.KAFKA_SASL_MECHANISM;
import static org.trapstream.common.config.KafkaSettings.KAFKA_SASL_PASSWORD;
import static org.trapstream.common.config.KafkaSettings.KAFKA_SASL_USERNAME;
import static org.trapstream.common.config.KafkaSettings.KAFKA_SECURITY_PROTOCOL;
import static org.trapstream.common.config.KafkaSettings.KAFKA_SSL_KEYSTORE_LOCATION;
import static org.trapstream.common.config.KafkaSettings.KAFKA_SSL_KEYSTORE_PASSWORD;
import static org.trapstream.common.config.KafkaSettings.KAFKA_SSL_KEY_PASSWORD;
import static org.trapstream.common.config.KafkaSettings.KAFKA_SSL_TRUSTSTORE_LOCATION;
import static org.trapstream.common.config.KafkaSettings.KAFKA_SSL_TRUSTSTORE_PASSWORD;

/** The security settings every client gets, and the SASL login built from a username and password. */
class KafkaClientsSecurityTest {

    @Test
    void plaintextByDefaultWithNoTlsOrSaslSettings() {
        TrapstreamConfig config = config(Map.of());
        for (Map<String, ?> props : allClients(config)) {
            assertEquals("PLAINTEXT", props.get("security.protocol"));
            assertTrue(props.keySet().stream().noneMatch(k -> k.startsWith("ssl.") || k.startsWith("sasl.")), props::toString);
        }
    }

    @Test
    void saslSslGivesEveryClientTheTrustStoreAndTheLogin() {
        TrapstreamConfig config = config(Map.of(KAFKA_SECURITY_PROTOCOL, "SASL_SSL",
            KAFKA_SASL_MECHANISM, "SCRAM-SHA-512", KAFKA_SASL_USERNAME, "ingest", KAFKA_SASL_PASSWORD, "s3cret",
            KAFKA_SSL_TRUSTSTORE_LOCATION, "/etc/kafka/ca.p12", KAFKA_SSL_TRUSTSTORE_PASSWORD, "changeit"));
        for (Map<String, ?> props : allClients(config)) {
            assertEquals("SASL_SSL", props.get("security.protocol"));
            assertEquals("SCRAM-SHA-512", props.get("sasl.mechanism"));
            assertEquals("/etc/kafka/ca.p12", props.get("ssl.truststore.location"));
            assertEquals("PKCS12", props.get("ssl.truststore.type"));
            assertEquals("changeit", props.get("ssl.truststore.password"));
            assertFalse(props.containsKey("ssl.keystore.location"), "no client certificate was configured");
            AppConfigurationEntry login = parse((String) props.get("sasl.jaas.config"));
            assertEquals(ScramLoginModule.class.getName(), login.getLoginModuleName());
            assertEquals("ingest", login.getOptions().get("username"));
            assertEquals("s3cret", login.getOptions().get("password"));
        }
    }

    @Test
    void sslWithAClientKeyStoreForMutualTlsAndNoSaslLogin() {
        Map<String, String> producer = KafkaClients.producer(config(Map.of(KAFKA_SECURITY_PROTOCOL, "SSL",
            KAFKA_SSL_KEYSTORE_LOCATION, "/etc/kafka/client.p12", KAFKA_SSL_KEYSTORE_PASSWORD, "store",
            KAFKA_SSL_KEY_PASSWORD, "key", KAFKA_SASL_USERNAME, "ignored")), "test");

        assertEquals("/etc/kafka/client.p12", producer.get("ssl.keystore.location"));
        assertEquals("PKCS12", producer.get("ssl.keystore.type"));
        assertEquals("store", producer.get("ssl.keystore.password"));
        assertEquals("key", producer.get("ssl.key.password"));
        assertFalse(producer.containsKey("ssl.truststore.location"), "empty location: the JVM's default CAs");
        assertFalse(producer.containsKey("sasl.jaas.config"), "SSL alone does not authenticate with SASL");
    }

    @Test
    void saslWithoutAUsernameIsRefusedBeforeAnyClientExists() {
        for (String protocol : List.of("SASL_PLAINTEXT", "SASL_SSL")) {
            TrapstreamConfig config = config(Map.of(KAFKA_SECURITY_PROTOCOL, protocol, KAFKA_SASL_PASSWORD, "s3cret"));
            ConfigException e = assertThrows(ConfigException.class, () -> KafkaClients.admin(config));
            assertTrue(e.getMessage().contains(KAFKA_SASL_USERNAME) && e.getMessage().contains(protocol), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), "the message must not show the password");
            assertThrows(ConfigException.class, () -> KafkaClients.producer(config, "test"));
            assertThrows(ConfigException.class, () -> KafkaClients.consumer(config, "group", "test"));
        }
    }

    @Test
    void unknownProtocolsAndMechanismsAreRejectedWhenTheConfigurationLoads() {
        assertThrows(ConfigException.class, () -> config(Map.of(KAFKA_SECURITY_PROTOCOL, "TLS")));
        assertThrows(ConfigException.class, () -> config(Map.of(KAFKA_SASL_MECHANISM, "GSSAPI")));
    }

    @Test
    void quotesBackslashesAndLineBreaksInThePasswordSurviveKafkasJaasParser() {
        String password = "pa\"ss\\word\" required x=\"y;\nend";
        String jaas = KafkaClients.jaasConfig("PLAIN", "user \"one\"", password);

        AppConfigurationEntry login = parse(jaas);
        assertEquals(PlainLoginModule.class.getName(), login.getLoginModuleName());
        assertEquals(AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, login.getControlFlag());
        assertEquals(Map.of("username", "user \"one\"", "password", password), login.getOptions());
    }

    @Test
    void scramMechanismsUseTheScramLoginModule() {
        for (String mechanism : List.of("SCRAM-SHA-256", "SCRAM-SHA-512")) {
            assertEquals(ScramLoginModule.class.getName(),
                parse(KafkaClients.jaasConfig(mechanism, "u", "p")).getLoginModuleName());
        }
    }

    /** Parses a {@code sasl.jaas.config} value with the clients' own parser, as a client would at login. */
    private static AppConfigurationEntry parse(String jaasConfig) {
        List<AppConfigurationEntry> entries = JaasContext.loadClientContext(
            Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaasConfig))).configurationEntries();
        assertEquals(1, entries.size(), jaasConfig);
        return entries.get(0);
    }

    private static List<Map<String, ?>> allClients(TrapstreamConfig config) {
        return List.of(KafkaClients.producer(config, "test"), KafkaClients.consumer(config, "group", "test"),
            KafkaClients.admin(config));
    }

    private static TrapstreamConfig config(Map<String, String> security) {
        Map<String, String> values = new HashMap<>(security);
        values.put(KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092");
        return TrapstreamConfig.of(KafkaSettings.DEFINITION, values);
    }
}
