package io.streamcast.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.config.StreamcastConfig;
import io.streamcast.testing.TestSettings;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

import org.junit.jupiter.api.Test;

class ModelKeysTest {

    @Test
    void shouldNameEachVersionUnderAKeyOfItsOwn() {
        assertThat(ModelKeys.of("default", 12)).isEqualTo("default@12");
        assertThat(ModelKeys.versionOf("default@12", "default")).isEqualTo(12);
    }

    @Test
    void shouldReadTheKeyOfTheLargestVersion() {
        assertThat(ModelKeys.versionOf("default@1000000000000000000", "default")).isEqualTo(1_000_000_000_000_000_000L);
        assertThat(ModelKeys.versionOf("default@1000000000000000001", "default")).isEqualTo(ModelKeys.NOT_THIS_MODEL);
        assertThat(ModelKeys.versionOf("default@9999999999999999999", "default")).isEqualTo(ModelKeys.NOT_THIS_MODEL);
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
        assertThat(ModelKeys.versionOf("default@05", "default"))
                .as("a leading zero: not the key of version 5, which the trainer's tombstone retires")
                .isEqualTo(ModelKeys.NOT_THIS_MODEL);
        assertThat(ModelKeys.versionOf("default@00", "default")).isEqualTo(ModelKeys.NOT_THIS_MODEL);
        assertThat(ModelKeys.versionOf("default@1234567890123456789", "default"))
                .as("more digits than a version key is read with").isEqualTo(ModelKeys.NOT_THIS_MODEL);
    }

    @Test
    void shouldTellAMalformedVersionKeyOfTheModelFromAnotherModelsKey() {
        assertThat(ModelKeys.claims("default@v3", "default")).isTrue();
        assertThat(ModelKeys.claims("default@", "default")).isTrue();
        assertThat(ModelKeys.claims("default2@3", "default")).isFalse();
        assertThat(ModelKeys.claims("default", "default")).isFalse();
    }

    /** A model name with the separator could be another model's version key, so it is refused at start-up. */
    @Test
    void shouldRefuseAModelNameHoldingTheSeparator() {
        Map<String, Object> settings = TestSettings.base();
        settings.put(StreamcastConfig.MODEL_NAME_CONFIG, "team@3");
        assertThatThrownBy(() -> new StreamcastConfig(settings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.name").hasMessageContaining("must not contain '@'");
    }
}
