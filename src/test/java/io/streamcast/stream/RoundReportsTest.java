package io.streamcast.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamcast.schema.TrainingRoundReport;
import org.junit.jupiter.api.Test;

class RoundReportsTest {

    @Test
    void shouldKeepAShortErrorWhole() {
        TrainingRoundReport report = RoundReports.failed("default", 0L, 5L, 10, 2, 0L,
                new IllegalStateException("out of memory"));

        assertEquals("java.lang.IllegalStateException: out of memory", report.getError());
    }

    @Test
    void shouldCutALongErrorToTwoThousandCharactersEndingInAnEllipsis() {
        String message = "x".repeat(50_000);

        String error = RoundReports.failed("default", 0L, 5L, 10, 2, 0L, new IllegalStateException(message))
                .getError();

        assertEquals(2_000, error.length());
        assertEquals("java.lang.IllegalStateException: " + "x".repeat(2_000 - 34) + "\u2026", error);
    }

    @Test
    void shouldNotCutBetweenTheHalvesOfASurrogatePair() {
        // "java.lang.IllegalStateException: " is 33 characters; the pair would straddle the cut at 1,999
        String message = "y".repeat(1_999 - 33 - 1) + "\uD83D\uDE00" + "z".repeat(100);

        String error = RoundReports.failed("default", 0L, 5L, 10, 2, 0L, new IllegalStateException(message))
                .getError();

        assertEquals("java.lang.IllegalStateException: " + "y".repeat(1_999 - 33 - 1) + "\u2026", error);
    }
}
