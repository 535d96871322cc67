package io.streamcast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvFieldsTest {

    @Test
    void shouldSplitAPlainLineKeepingEmptyFields() {
        assertThat(CsvFields.split("2020-01-01 00:00:00,1.5")).containsExactly("2020-01-01 00:00:00", "1.5");
        assertThat(CsvFields.split("a,,b,")).containsExactly("a", "", "b", "");
    }

    @Test
    void shouldTakeTheQuotesOffQuotedFields() {
        assertThat(CsvFields.split("\"2020-01-01 00:00:00\",\"1.5\"")).containsExactly("2020-01-01 00:00:00", "1.5");
        assertThat(CsvFields.split("\"timestamp\", \"value\" ,x")).containsExactly("timestamp", "value", "x");
        assertThat(CsvFields.split("\"\",1")).containsExactly("", "1");
    }

    @Test
    void shouldKeepACommaAndADoubledQuoteInsideAQuotedField() {
        assertThat(CsvFields.split("1,\"host \"\"a\"\", rack 2\",3")).containsExactly("1", "host \"a\", rack 2", "3");
    }

    @Test
    void shouldRefuseAQuoteLeftOpenOrTextAfterAClosingQuote() {
        assertThatThrownBy(() -> CsvFields.split("1,\"two lines")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Missing closing quote for value (column 13)");
        assertThatThrownBy(() -> CsvFields.split("\"1\"2,3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unexpected character ('2'").hasMessageEndingWith("(column 5)");
    }
}
