package org.trapstream.common.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.trapstream.common.config.ConfigDef;
import org.trapstream.common.config.ConfigException;
import org.trapstream.common.config.KafkaSettings;
import org.trapstream.common.config.TrapstreamConfig;
import org.trapstream.common.contract.Topics;

/**
 * Kafka client settings shared by every role: keys are strings (image ids, model names), values bytes,
 * and image-sized records fit through producer and consumer alike. Every client Trapstream creates gets its
 * properties here, so the connection's security (TLS, SASL) is configured once for all of them.
 */
public final class KafkaClients {

    private static final Store TRUST_STORE = new Store(
        KafkaSettings.KAFKA_SSL_TRUSTSTORE_LOCATION, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
        KafkaSettings.KAFKA_SSL_TRUSTSTORE_TYPE, SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG,
        KafkaSettings.KAFKA_SSL_TRUSTSTORE_PASSWORD, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
    private static final Store KEY_STORE = new Store(
        KafkaSettings.KAFKA_SSL_KEYSTORE_LOCATION, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
        KafkaSettings.KAFKA_SSL_KEYSTORE_TYPE, SslConfigs.SSL_KEYSTORE_TYPE_CONFIG,
        KafkaSettings.KAFKA_SSL_KEYSTORE_PASSWORD, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG);

    public static String bootstrapServers(TrapstreamConfig config) {
        String servers = config.getString(KafkaSettings.KAFKA_BOOTSTRAP_SERVERS);
        if (servers.isBlank()) {
            throw new ConfigException("No Kafka given: set " + KafkaSettings.KAFKA_BOOTSTRAP_SERVERS
                + " (or --kafka HOST:PORT)");
        }
        return servers;
    }

    /** An idempotent producer that waits for all in-sync replicas: an acknowledged record is never lost. */
    public static Map<String, String> producer(TrapstreamConfig config, String clientId) {
        Map<String, String> props = connection(config, clientId);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Topics.MAX_IMAGE_RECORD_BYTES));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128L * 1024 * 1024));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return props;
    }

    /**
     * A consumer that commits only when told to: roles commit an offset once everything before it has been
     * handled and acknowledged (at-least-once).
     */
    public static Map<String, String> consumer(TrapstreamConfig config, String groupId, String clientId) {
        Map<String, String> props = connection(config, clientId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(Topics.MAX_IMAGE_RECORD_BYTES));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(4 * Topics.MAX_IMAGE_RECORD_BYTES));
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        return props;
    }

    /** What producers and consumers share: the cluster, the client's name and the connection's security. */
    private static Map<String, String> connection(TrapstreamConfig config, String clientId) {
        Map<String, String> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(config));
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        addSecurity(config, props);
        return props;
    }

    public static Map<String, Object> admin(TrapstreamConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(config));
        addSecurity(config, props);
        return props;
    }

    /**
     * The connection's security protocol and, only where it needs them, its TLS and SASL settings. Fails
     * with a {@link ConfigException} before any client exists when SASL is asked for without a username,
     * instead of a broker-side authentication error later.
     */
    private static void addSecurity(TrapstreamConfig config, Map<String, ? super String> props) {
        SecurityProtocol protocol = SecurityProtocol.forName(config.getString(KafkaSettings.KAFKA_SECURITY_PROTOCOL));
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name);
        if (protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL) {
            TRUST_STORE.put(config, props);
            if (KEY_STORE.put(config, props)) {
                putIfSet(props, SslConfigs.SSL_KEY_PASSWORD_CONFIG,
                    config.getPassword(KafkaSettings.KAFKA_SSL_KEY_PASSWORD).value());
            }
        }
        if (protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL) {
            String username = config.getString(KafkaSettings.KAFKA_SASL_USERNAME);
            if (username.isBlank()) {
                throw new ConfigException(KafkaSettings.KAFKA_SECURITY_PROTOCOL + "=" + protocol.name
                    + " needs a username: set " + KafkaSettings.KAFKA_SASL_USERNAME + " ("
                    + ConfigDef.envName(KafkaSettings.KAFKA_SASL_USERNAME) + ")"
                    + " and " + KafkaSettings.KAFKA_SASL_PASSWORD);
            }
            String mechanism = config.getString(KafkaSettings.KAFKA_SASL_MECHANISM);
            props.put(SaslConfigs.SASL_MECHANISM, mechanism);
            props.put(SaslConfigs.SASL_JAAS_CONFIG,
                jaasConfig(mechanism, username, config.getPassword(KafkaSettings.KAFKA_SASL_PASSWORD).value()));
        }
    }

    /** A trust or key store: which Trapstream keys feed which Kafka client properties. */
    private record Store(String locationKey, String locationProperty, String typeKey, String typeProperty,
                         String passwordKey, String passwordProperty) {

        /** Sets location, type and password (if any) when a location is configured; says whether it was. */
        boolean put(TrapstreamConfig config, Map<String, ? super String> props) {
            String location = config.getPath(locationKey).toString();
            if (location.isEmpty()) {
                return false;
            }
            props.put(locationProperty, location);
            props.put(typeProperty, config.getString(typeKey));
            putIfSet(props, passwordProperty, config.getPassword(passwordKey).value());
            return true;
        }
    }

    private static void putIfSet(Map<String, ? super String> props, String property, String value) {
        if (!value.isEmpty()) {
            props.put(property, value);
        }
    }

    /**
     * The client login for a username and password: Kafka's PLAIN or SCRAM login module with both values
     * as quoted JAAS strings, so quotes, backslashes and line breaks in a password cannot end the value early.
     */
    static String jaasConfig(String mechanism, String username, String password) {
        String module = mechanism.startsWith("SCRAM-") ? ScramLoginModule.class.getName() : PlainLoginModule.class.getName();
        return module + " required username=" + jaasQuoted(username) + " password=" + jaasQuoted(password) + ";";
    }

    /** A JAAS string literal: Kafka's parser reads it like Java's StreamTokenizer, with backslash escapes. */
    private static String jaasQuoted(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private KafkaClients() {
    }
}
