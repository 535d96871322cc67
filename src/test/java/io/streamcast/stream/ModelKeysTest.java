package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelKeysTest {

    @Test
    void shouldNameEachVersionUnderAKeyOfItsOwn() {
        assertThat(ModelKeys.of("default", 12)).isEqualTo("default@12");
        assertThat(ModelKeys.versionOf("default@12", "default")).isEqualTo(12);
    }

    @Test
    void shouldReadTheBareNameAsAnyVersion() {
        assertThat(ModelKeys.versionOf("default", "default")).isEqualTo(ModelKeys.ANY_VERSION);
    }

    @Test
    void shouldNotTakeAnotherModelsKeyOrAKeyThatNamesNoVersion() {
        assertThat(ModelKeys.versionOf("other@3", "default")).isEqualTo(ModelKeys.NOT_THIS_MODEL);
        assertThat(ModelKeys.versionOf("default2@3", "default")).isEqualTo(ModelKeys.NOT_THIS_MODEL);
        assertThat(ModelKeys.versionOf("defaul", "default")).isEqualTo(ModelKeys.NOT_THIS_MODEL);
        assertThat(ModelKeys.versionOf("default@", "default")).isEqualTo(ModelKeys.NOT_THIS_MODEL);
        assertThat(ModelKeys.versionOf("default@x1", "default")).isEqualTo(ModelKeys.NOT_THIS_MODEL);
        assertThat(ModelKeys.versionOf("default@-1", "default")).isEqualTo(ModelKeys.NOT_THIS_MODEL);
        assertThat(ModelKeys.versionOf("default@0", "default")).isEqualTo(ModelKeys.NOT_THIS_MODEL);
        assertThat(ModelKeys.versionOf("default@1234567890123456789", "default"))
                .as("more digits than a version can have").isEqualTo(ModelKeys.NOT_THIS_MODEL);
    }

    @Test
    void shouldReadAModelNameThatItselfHoldsTheSeparator() {
        assertThat(ModelKeys.versionOf("team@eu@4", "team@eu")).isEqualTo(4);
        assertThat(ModelKeys.versionOf("team@eu", "team@eu")).isEqualTo(ModelKeys.ANY_VERSION);
        assertThat(ModelKeys.versionOf("team@4", "team@eu")).isEqualTo(ModelKeys.NOT_THIS_MODEL);
    }
}
