package org.trapstream.common.config;

import static org.trapstream.common.config.ConfigDef.Importance.HIGH;
import static org.trapstream.common.config.ConfigDef.Importance.LOW;
import static org.trapstream.common.config.ConfigDef.Importance.MEDIUM;
import static org.trapstream.common.config.ConfigDef.Type.INT;
import static org.trapstream.common.config.ConfigDef.Type.PASSWORD;
import static org.trapstream.common.config.ConfigDef.Type.PATH;
import static org.trapstream.common.config.ConfigDef.Type.STRING;
import static org.trapstream.common.config.ConfigDef.Validator.atLeast;
import static org.trapstream.common.config.ConfigDef.Validator.oneOf;

/**
 * The keys every Kafka client of every role is built from ({@code KafkaClients}): where the brokers are, how the
 * topics Trapstream creates are laid out, and how the clients authenticate.
 */
public final class KafkaSettings {

    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String KAFKA_GROUP_INSTANCE_ID = "kafka.group.instance.id";
    public static final String KAFKA_TOPIC_PARTITIONS = "kafka.topic.partitions";
    public static final String KAFKA_TOPIC_REPLICATION = "kafka.topic.replication.factor";
    public static final String KAFKA_SECURITY_PROTOCOL = "kafka.security.protocol";
    public static final String KAFKA_SASL_MECHANISM = "kafka.sasl.mechanism";
    public static final String KAFKA_SASL_USERNAME = "kafka.sasl.username";
    public static final String KAFKA_SASL_PASSWORD = "kafka.sasl.password";
    public static final String KAFKA_SSL_TRUSTSTORE_LOCATION = "kafka.ssl.truststore.location";
    public static final String KAFKA_SSL_TRUSTSTORE_PASSWORD = "kafka.ssl.truststore.password";
    public static final String KAFKA_SSL_TRUSTSTORE_TYPE = "kafka.ssl.truststore.type";
    public static final String KAFKA_SSL_KEYSTORE_LOCATION = "kafka.ssl.keystore.location";
    public static final String KAFKA_SSL_KEYSTORE_PASSWORD = "kafka.ssl.keystore.password";
    public static final String KAFKA_SSL_KEYSTORE_TYPE = "kafka.ssl.keystore.type";
    public static final String KAFKA_SSL_KEY_PASSWORD = "kafka.ssl.key.password";

    private static final String[] STORE_TYPES = {"PKCS12", "JKS", "PEM"};

    public static final ConfigDef DEFINITION = new ConfigDef("kafka")
        .define(KAFKA_BOOTSTRAP_SERVERS, STRING, "", HIGH,
            "Kafka bootstrap servers (HOST:PORT,...). Empty in `run`: start an embedded single-node KRaft broker. "
                + "Required by the single-role commands (also `--kafka HOST:PORT`).")
        .define(KAFKA_GROUP_INSTANCE_ID, STRING, "", MEDIUM,
            "A name for this process that outlives its restarts (a StatefulSet pod's name): its consumer groups "
                + "then know it as a static member, and a process restarted after a crash takes its partitions "
                + "back at once instead of after the session timeout (45 s). A static member that stops for good "
                + "leaves its partitions idle for that timeout. Empty: a new member at every start.")
        .define(KAFKA_TOPIC_PARTITIONS, INT, "6", atLeast(1), MEDIUM,
            "Partitions of the image, prediction and review topics when Trapstream creates them; "
                + "the upper bound on classifier instances that share the work.")
        .define(KAFKA_TOPIC_REPLICATION, INT, "1", atLeast(1), MEDIUM,
            "Replication factor of the topics Trapstream creates.")
        .define(KAFKA_SECURITY_PROTOCOL, STRING, "PLAINTEXT", oneOf("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"),
            HIGH, "How every Kafka client connects: `PLAINTEXT`, `SSL` (TLS), `SASL_PLAINTEXT` or `SASL_SSL` "
                + "(TLS + SASL).")
        .define(KAFKA_SASL_MECHANISM, STRING, "PLAIN", oneOf("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"), MEDIUM,
            "SASL mechanism of the SASL_* protocols: `PLAIN`, `SCRAM-SHA-256` or `SCRAM-SHA-512`.")
        .define(KAFKA_SASL_USERNAME, STRING, "", MEDIUM, "SASL username; required by the SASL_* protocols.")
        .define(KAFKA_SASL_PASSWORD, PASSWORD, "", MEDIUM,
            "SASL password of that user; pass it from a secret (environment variable), it is never printed.")
        .define(KAFKA_SSL_TRUSTSTORE_LOCATION, PATH, "", MEDIUM,
            "Trust store with the brokers' CA for SSL and SASL_SSL; empty trusts the JVM's default CAs.")
        .define(KAFKA_SSL_TRUSTSTORE_PASSWORD, PASSWORD, "", MEDIUM, "Password of the trust store, if it has one.")
        .define(KAFKA_SSL_TRUSTSTORE_TYPE, STRING, "PKCS12", oneOf(STORE_TYPES), LOW, "Format of the trust store file.")
        .define(KAFKA_SSL_KEYSTORE_LOCATION, PATH, "", MEDIUM,
            "Key store with the client's certificate for mutual TLS; empty sends no client certificate.")
        .define(KAFKA_SSL_KEYSTORE_PASSWORD, PASSWORD, "", MEDIUM, "Password of the client key store.")
        .define(KAFKA_SSL_KEYSTORE_TYPE, STRING, "PKCS12", oneOf(STORE_TYPES), LOW,
            "Format of the client key store file.")
        .define(KAFKA_SSL_KEY_PASSWORD, PASSWORD, "", LOW,
            "Password of the private key in the client key store, when it differs from the store's.");

    private KafkaSettings() {
    }
}
