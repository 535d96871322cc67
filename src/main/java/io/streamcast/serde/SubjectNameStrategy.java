package io.streamcast.serde;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * How a serializer names the subject it registers under, as Confluent's strategies do. TOPIC ({@code <topic>-key},
 * {@code <topic>-value}) ties one schema lineage to a topic; RECORD ({@code <record full name>}) lets one record
 * type evolve once across topics; TOPIC_RECORD ({@code <topic>-<record full name>}) allows several record types per
 * topic.
 */
public enum SubjectNameStrategy {
    TOPIC("io.confluent.kafka.serializers.subject.TopicNameStrategy"),
    RECORD("io.confluent.kafka.serializers.subject.RecordNameStrategy"),
    TOPIC_RECORD("io.confluent.kafka.serializers.subject.TopicRecordNameStrategy");

    private final String confluentClassName;

    SubjectNameStrategy(String confluentClassName) {
        this.confluentClassName = confluentClassName;
    }

    /** Confluent's class name for this strategy, the value its serdes are configured with. */
    public String confluentClassName() {
        return confluentClassName;
    }

    public String subject(String topic, boolean isKey, Schema schema) {
        return switch (this) {
            case TOPIC -> topic + (isKey ? "-key" : "-value");
            case RECORD -> schema.getFullName();
            case TOPIC_RECORD -> topic + "-" + schema.getFullName();
        };
    }

    /**
     * Reads a strategy given as Confluent's class name (so existing client configurations work unchanged), its
     * simple name, or {@code topic}, {@code record}, {@code topic-record}.
     */
    public static SubjectNameStrategy parse(String value) {
        String trimmed = value.trim();
        String simpleName = trimmed.substring(trimmed.lastIndexOf('.') + 1);
        for (SubjectNameStrategy strategy : values()) {
            String confluentSimpleName = strategy.confluentClassName.substring(
                    strategy.confluentClassName.lastIndexOf('.') + 1);
            if (simpleName.equals(confluentSimpleName)
                    || trimmed.toUpperCase(Locale.ROOT).replace('-', '_').equals(strategy.name())) {
                return strategy;
            }
        }
        throw new ConfigException("Unknown subject name strategy " + value + "; expected one of "
                + TOPIC.confluentClassName + ", " + RECORD.confluentClassName + ", " + TOPIC_RECORD.confluentClassName
                + " (or topic, record, topic-record)");
    }
}
