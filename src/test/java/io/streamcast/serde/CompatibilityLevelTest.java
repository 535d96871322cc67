package io.streamcast.serde;

import static io.streamcast.serde.RegistryTestSupport.reading;
import static io.streamcast.serde.RegistryTestSupport.readingWithRequiredField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** Confluent's compatibility levels, judged by Avro's resolution rules. */
class CompatibilityLevelTest {

    /** Reading without its value field: data written with it drops the field; readers of it need a default. */
    private static final Schema SENSOR_ONLY = SchemaBuilder.record("Reading").namespace("test.registry").fields()
            .requiredString("sensor")
            .endRecord();

    @Test
    void shouldAcceptAnOptionalFieldAtEveryLevel() {
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertThat(level.problems(reading(true), List.of(reading(false)))).as(level.name()).isEmpty();
        }
    }

    @Test
    void shouldRefuseANewRequiredFieldWhenTheNewSchemaMustReadOldData() {
        List<Schema> earlier = List.of(reading(false));

        assertThat(CompatibilityLevel.BACKWARD.problems(readingWithRequiredField(), earlier))
                .singleElement().asString()
                .contains("the new schema cannot read data written with version 1")
                .contains("field sequence");
        assertThat(CompatibilityLevel.FULL.problems(readingWithRequiredField(), earlier)).hasSize(1);
        assertThat(CompatibilityLevel.FORWARD.problems(readingWithRequiredField(), earlier)).isEmpty();
        assertThat(CompatibilityLevel.NONE.problems(readingWithRequiredField(), earlier)).isEmpty();
    }

    @Test
    void shouldRefuseARemovedRequiredFieldWhenOldReadersMustReadNewData() {
        List<Schema> earlier = List.of(reading(false));

        assertThat(CompatibilityLevel.FORWARD.problems(SENSOR_ONLY, earlier))
                .singleElement().asString()
                .contains("version 1 cannot read data written with the new schema")
                .contains("field value");
        assertThat(CompatibilityLevel.BACKWARD.problems(SENSOR_ONLY, earlier)).isEmpty();
    }

    @Test
    void shouldCheckOnlyTheLatestVersionUnlessTransitive() {
        List<Schema> earlier = List.of(readingWithRequiredField(), reading(false));

        assertThat(CompatibilityLevel.FORWARD.problems(SENSOR_ONLY, earlier)).hasSize(1);
        assertThat(CompatibilityLevel.FORWARD_TRANSITIVE.problems(SENSOR_ONLY, earlier))
                .hasSize(3)
                .anySatisfy(problem -> assertThat(problem).contains("version 1").contains("field sequence"))
                .anySatisfy(problem -> assertThat(problem).contains("version 2").contains("field value"));
    }

    @Test
    void shouldParseLevelsAsTheRegistrySpellsThem() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThatThrownBy(() -> CompatibilityLevel.parse("SIDEWAYS"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL));
    }
}
