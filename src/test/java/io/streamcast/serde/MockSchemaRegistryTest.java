package io.streamcast.serde;

import static io.streamcast.serde.RegistryTestSupport.reading;
import static io.streamcast.serde.RegistryTestSupport.readingWithRequiredField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The in-memory registry behaves as Confluent's does where serdes and tests can tell. */
class MockSchemaRegistryTest {

    private static final String SCOPE = "mock-registry-test";

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void shouldShareOneRegistryPerScopeUntilItIsDropped() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
        registry.register("readings-value", reading(false));

        assertThat(MockSchemaRegistry.forScope(SCOPE)).isSameAs(registry);
        MockSchemaRegistry.dropScope(SCOPE);
        assertThat(MockSchemaRegistry.forScope(SCOPE).subjects()).isEmpty();
    }

    @Test
    void shouldNumberVersionsPerSubjectAndIdsGlobally() {
        MockSchemaRegistry registry = new MockSchemaRegistry();
        int first = registry.register("a-value", reading(false));
        int again = registry.register("a-value", reading(false));
        int second = registry.register("a-value", reading(true));
        int shared = registry.register("b-value", reading(true));

        assertThat(again).isEqualTo(first);
        assertThat(shared).isEqualTo(second).isNotEqualTo(first);
        assertThat(registry.versions("a-value")).containsExactly(1, 2);
        assertThat(registry.versions("b-value")).containsExactly(1);
        assertThat(registry.version("a-value", 2)).isEqualTo(new RegisteredSchema("a-value", second, 2, reading(true)));
        assertThat(registry.subjects()).containsExactly("a-value", "b-value");
    }

    @Test
    void shouldCheckRegistrationsAgainstTheSubjectsLevel() {
        MockSchemaRegistry registry = new MockSchemaRegistry();
        registry.register("a-value", reading(false));

        assertThatThrownBy(() -> registry.register("a-value", readingWithRequiredField()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                })
                .hasMessageContaining("subject \"a-value\"");
        registry.setCompatibility("a-value", CompatibilityLevel.NONE);
        assertThat(registry.register("a-value", readingWithRequiredField())).isPositive();
        assertThat(registry.versions("a-value")).containsExactly(1, 2);
    }

    @Test
    void shouldAnswerMissingThingsWithConfluentsErrorCodes() {
        MockSchemaRegistry registry = new MockSchemaRegistry();
        registry.register("a-value", reading(false));

        assertErrorCode(() -> registry.latest("missing"), SchemaRegistryException.SUBJECT_NOT_FOUND);
        assertErrorCode(() -> registry.lookup("a-value", reading(true)), SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertErrorCode(() -> registry.schemaById(99), SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertErrorCode(() -> registry.version("a-value", 5), SchemaRegistryException.VERSION_NOT_FOUND);
        assertErrorCode(() -> registry.checkCompatibility("missing", reading(false)),
                SchemaRegistryException.SUBJECT_NOT_FOUND);
    }

    private static void assertErrorCode(Runnable call, int errorCode) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.errorCode()).isEqualTo(errorCode);
        });
    }
}
