package io.streamcast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvValueTest {

    @Test
    void shouldReadPlainDecimalsWithASignAFractionAndAnExponent() {
        Map<String, Double> written = Map.of("1", 1.0, "-1.5", -1.5, "+2", 2.0, ".5", 0.5, "5.", 5.0, "1e-3", 0.001,
                "1E+06", 1_000_000.0, "-0.25e2", -25.0, "007", 7.0);

        written.forEach((text, value) -> assertThat(CsvValue.parse(text)).as(text).isEqualTo(value));
    }

    /** Python, pandas and numpy write infinity as {@code inf}; Java as {@code Infinity}; both are read, in any case. */
    @Test
    void shouldReadInfinityAsPythonAndJavaWriteItInAnyCase() {
        for (String text : List.of("inf", "INF", "+inf", "Infinity", "+infinity", "iNfInItY")) {
            assertThat(CsvValue.parse(text)).as(text).isEqualTo(Double.POSITIVE_INFINITY);
        }
        for (String text : List.of("-inf", "-Inf", "-Infinity", "-INFINITY")) {
            assertThat(CsvValue.parse(text)).as(text).isEqualTo(Double.NEGATIVE_INFINITY);
        }
    }

    @Test
    void shouldReadAnEmptyFieldNaNOrNullAsMissing() {
        for (String text : List.of("", "NaN", "nan", "NAN", "-nan", "null", "NULL")) {
            assertThat(CsvValue.parse(text)).as(text).isNaN();
        }
    }

    /**
     * Java reads {@code 12f}, {@code 12d}, {@code 0x1p3} and {@code 1e3D} as numbers, as literals of its own source
     * code; no export means a number by them, so they are refused as any other text is.
     */
    @Test
    void shouldRefuseJavaLiteralFormsAndOtherTextNamingTheField() {
        for (String text : List.of("12f", "12d", "1.5F", "1e3D", "0x1p3", "0X1.8P1", "1_000", "1,5", "12 %", "e3",
                "1e", ".", "-", "--1", "infinit", "infinityy", "nan1", "1.2.3", "∞", "١٢")) {
            assertThatThrownBy(() -> CsvValue.parse(text)).as(text).isInstanceOf(NumberFormatException.class)
                    .hasMessageStartingWith("not a number: " + text + " (");
        }
    }
}
