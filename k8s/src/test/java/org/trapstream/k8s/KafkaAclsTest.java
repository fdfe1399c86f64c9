package org.trapstream.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import org.junit.jupiter.api.Test;
import org.trapstream.classifier.ClassifierRole;
import org.trapstream.common.contract.Topics;
import org.trapstream.common.role.KafkaAccess;
import org.trapstream.common.role.Role;
import org.trapstream.dashboard.DashboardRole;
import org.trapstream.events.EventsRole;
import org.trapstream.ingest.IngestRole;
import org.trapstream.launcher.SystemConfig;
import org.trapstream.trainer.TrainerRole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kafka-acls overlay's KafkaUsers allow each role exactly what its code does on Kafka ({@link Role#kafkaAccess},
 * whose topics are checked against the topic constants the role's own sources use): read and describe the topics it
 * reads, write and describe those it writes, read in the consumer group its configuration names, describe every
 * Trapstream topic (roles check at start that they exist), and nothing more. Cameras may only write raw images.
 */
class KafkaAclsTest {

    private static final List<Role> ROLES = List.of(new IngestRole(), new ClassifierRole(), new TrainerRole(),
        new EventsRole(), new DashboardRole());
    private static final String CAMERA = "trapstream-camera";
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("\\bTopics\\.([A-Z][A-Z_]*)\\b");

    private final Rendered rendered = Rendered.of(ManifestDirs.KAFKA_ACLS);

    @Test
    void theRolesAreTheDeployedOnes() {
        assertEquals(WorkloadHardeningTest.ROLES, ROLES.stream().map(Role::name).toList());
    }

    @Test
    void everyTopicARolesSourcesNameIsInItsDeclaredAccess() {
        for (Role role : ROLES) {
            KafkaAccess access = role.kafkaAccess();
            Set<String> named = topicsNamedIn(ManifestDirs.MODULE.resolveSibling(role.name()).resolve("src/main/java"));
            assertFalse(named.isEmpty(), role.name() + ": its sources name no topic; is the module where it should be?");
            for (String topic : named) {
                assertTrue(access.reads().contains(topic) || access.writes().contains(topic),
                    role.name() + " uses " + topic + " but its KafkaAccess neither reads nor writes it");
            }
        }
    }

    @Test
    void everyRoleMayDoWhatItsCodeDoesAndNothingMore() {
        for (Role role : ROLES) {
            KafkaAccess access = role.kafkaAccess();
            KafkaUser user = user("trapstream-" + role.name());
            for (Topics.Spec spec : Topics.ALL) {
                String topic = spec.name();
                assertTrue(allowed(user, "topic", topic, AclOperation.DESCRIBE), role.name() + " describes " + topic);
                assertEquals(access.reads().contains(topic), allowed(user, "topic", topic, AclOperation.READ),
                    role.name() + " reads " + topic + ": " + access.reads().contains(topic));
                assertEquals(access.writes().contains(topic), allowed(user, "topic", topic, AclOperation.WRITE),
                    role.name() + " writes " + topic + ": " + access.writes().contains(topic));
            }
            Optional<String> group = access.groupIdKey().map(key -> groupId(role, key));
            group.ifPresent(id -> assertTrue(allowed(user, "group", id, AclOperation.READ),
                role.name() + " consumes in group " + id));
            assertEquals(group.isPresent(), rules(user).stream().anyMatch(rule -> rule.getResource().getType().equals("group")),
                role.name() + ": a group ACL only for a role that consumes in a group");
            rules(user).forEach(rule -> assertTrue(rule.getResource().getType().equals("topic")
                || rule.getResource().getType().equals("group"), role.name() + ": only topic and group ACLs"));
        }
    }

    @Test
    void camerasMayOnlyWriteRawImages() {
        KafkaUser camera = user(CAMERA);
        for (Topics.Spec spec : Topics.ALL) {
            boolean raw = spec.name().equals(Topics.IMAGES_RAW);
            assertEquals(raw, allowed(camera, "topic", spec.name(), AclOperation.WRITE), spec.name());
            assertFalse(allowed(camera, "topic", spec.name(), AclOperation.READ), spec.name());
        }
        rules(camera).forEach(rule -> assertEquals("topic", rule.getResource().getType(), "cameras join no group"));
    }

    @Test
    void onlyTheTrainerAndTheDashboardMayAnnounceModels() {
        Set<String> writers = new TreeSet<>();
        for (KafkaUser user : rendered.all(KafkaUser.class)) {
            if (allowed(user, "topic", Topics.MODELS, AclOperation.WRITE)) {
                writers.add(user.getMetadata().getName());
            }
        }
        assertEquals(Set.of("trapstream-dashboard", "trapstream-trainer"), writers);
    }

    @Test
    void everyUserLogsInWithScramAndIsAuthorisedByItsAcls() {
        Set<String> names = new TreeSet<>();
        for (KafkaUser user : rendered.all(KafkaUser.class)) {
            names.add(user.getMetadata().getName());
            assertInstanceOf(KafkaUserScramSha512ClientAuthentication.class, user.getSpec().getAuthentication(),
                "SASL_PLAINTEXT with SCRAM-SHA-512 in the overlay's configuration");
            assertInstanceOf(KafkaUserAuthorizationSimple.class, user.getSpec().getAuthorization());
            assertEquals(rendered.one(io.strimzi.api.kafka.model.topic.KafkaTopic.class, Topics.IMAGES)
                .getMetadata().getLabels().get("strimzi.io/cluster"), user.getMetadata().getLabels().get("strimzi.io/cluster"),
                "the users belong to the topics' cluster");
        }
        Set<String> expected = new TreeSet<>(Set.of(CAMERA));
        ROLES.forEach(role -> expected.add("trapstream-" + role.name()));
        assertEquals(expected, names);
        assertEquals("SCRAM-SHA-512", rendered.config().get("TRAPSTREAM_KAFKA_SASL_MECHANISM"));
        assertEquals("SASL_PLAINTEXT", rendered.config().get("TRAPSTREAM_KAFKA_SECURITY_PROTOCOL"));
    }

    private KafkaUser user(String name) {
        return rendered.one(KafkaUser.class, name);
    }

    /** The group id the role's container runs with: its environment (ConfigMap included), else the key's default. */
    private String groupId(Role role, String key) {
        var definition = SystemConfig.DEFINITION.keys().get(key);
        String value = Pods.environment(rendered.container(role.name()), rendered).get(definition.envName());
        return value != null ? value : definition.defaultText();
    }

    private static List<AclRule> rules(KafkaUser user) {
        return ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
    }

    /** Whether an ACL of the user allows the operation, as Kafka's authorizer matches literal and prefixed names. */
    private static boolean allowed(KafkaUser user, String type, String name, AclOperation operation) {
        for (AclRule rule : rules(user)) {
            String ruleName;
            AclResourcePatternType pattern;
            if (rule.getResource() instanceof AclRuleTopicResource topic && type.equals("topic")) {
                ruleName = topic.getName();
                pattern = topic.getPatternType();
            } else if (rule.getResource() instanceof AclRuleGroupResource group && type.equals("group")) {
                ruleName = group.getName();
                pattern = group.getPatternType();
            } else {
                continue;
            }
            boolean matches = pattern == AclResourcePatternType.PREFIX ? name.startsWith(ruleName) : name.equals(ruleName);
            List<AclOperation> operations = rule.getOperations();
            if (matches && operations != null
                && (operations.contains(operation) || operations.contains(AclOperation.ALL))) {
                return true;
            }
        }
        return false;
    }

    /** The topic names behind the {@code Topics.X} constants the sources under {@code dir} refer to. */
    /**
     * Commands an operator runs from the role's module (its {@code cli} package and what only they call, such as the
     * trainer's {@code export}) are not the role: they run in the operator's process, with the operator's Kafka
     * credentials, never with the role's user.
     */
    private static boolean isOperatorCommand(Path sources, Path file) {
        Path relative = sources.relativize(file);
        return relative.getNameCount() > 3 && List.of("cli", "export").contains(relative.getName(3).toString());
    }

    private static Set<String> topicsNamedIn(Path dir) {
        Map<String, String> byConstant = topicConstants();
        Set<String> topics = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !isOperatorCommand(dir, f)).toList()) {
                Matcher m = TOPIC_CONSTANT.matcher(Files.readString(file));
                while (m.find()) {
                    String topic = byConstant.get(m.group(1));
                    if (topic != null) {
                        topics.add(topic);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return topics;
    }

    /** Constant name -> topic name, for every topic in {@link Topics#ALL}. */
    private static Map<String, String> topicConstants() {
        Set<String> names = new TreeSet<>();
        Topics.ALL.forEach(spec -> names.add(spec.name()));
        Map<String, String> byConstant = new HashMap<>();
        for (Field field : Topics.class.getFields()) {
            try {
                if (Modifier.isStatic(field.getModifiers()) && field.get(null) instanceof String value
                    && names.contains(value)) {
                    byConstant.put(field.getName(), value);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return byConstant;
    }
}
