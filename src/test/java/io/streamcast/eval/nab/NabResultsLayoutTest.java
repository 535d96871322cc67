package io.streamcast.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabResultsLayoutTest {

    @TempDir
    Path tmp;

    @Test
    void shouldWriteNabsResultsLayoutWithLabelsAndReadTheScoresBackExactly() throws IOException {
        NabDataFile file = SyntheticFiles.file("series.csv", 50, new int[] {20, 29});
        double[] scores = new double[50];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextDouble();
        }
        scores[0] = 1e-9;
        scores[1] = 0.1 + 0.2;
        scores[2] = 1.0;
        scores[3] = 0.0;

        Path written = NabResultsWriter.write(tmp, "lstm", file, scores);

        assertThat(written).isEqualTo(tmp.resolve("lstm/synthetic/lstm_series.csv"));
        List<String> lines = Files.readAllLines(written);
        assertThat(lines).hasSize(51);
        assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score,label");
        assertThat(lines.get(1)).startsWith("2020-01-01 00:00:00,0,0.000000001,0");
        assertThat(lines.get(4)).startsWith("2020-01-01 00:15:00,").endsWith(",0,0");
        for (int i = 0; i < 50; i++) {
            assertThat(lines.get(i + 1)).endsWith(i >= 20 && i <= 29 ? ",1" : ",0");
        }
        assertThat(NabResultsReader.read(tmp, "lstm", file)).containsExactly(scores);
    }

    @Test
    void shouldWriteAndReadEveryFileOfACorpus() throws IOException {
        NabCorpus corpus = new NabCorpus(List.of(SyntheticFiles.file("a.csv", 30), SyntheticFiles.file("b.csv", 40)));
        Map<String, double[]> scores = Map.of("synthetic/a.csv", new double[30], "synthetic/b.csv", new double[40]);

        NabResultsWriter.writeAll(tmp, "null", corpus, scores);

        assertThat(NabResultsReader.readAll(tmp, "null", corpus))
                .containsOnlyKeys("synthetic/a.csv", "synthetic/b.csv");
    }

    @Test
    void shouldRefuseResultsWhoseRowsDoNotMatchTheCorpusFile() throws IOException {
        NabDataFile file = SyntheticFiles.file("series.csv", 5);
        Path csv = NabResultsLayout.resultFile(tmp, "x", file);
        Files.createDirectories(csv.getParent());

        Files.writeString(csv, "timestamp,value,anomaly_score,label\n2020-01-01 00:00:00,0,0.5,0\n");
        assertThatThrownBy(() -> NabResultsReader.read(tmp, "x", file)).isInstanceOf(NabFormatException.class)
                .hasMessageContaining("has 1 rows but");

        Files.writeString(csv, "timestamp,value,anomaly_score,label\n2020-01-01 00:05:00,0,0.5,0\n");
        assertThatThrownBy(() -> NabResultsReader.read(tmp, "x", file)).isInstanceOf(NabFormatException.class)
                .hasMessageContaining("is at 2020-01-01 00:05:00");

        Files.writeString(csv, "timestamp,value,score\n");
        assertThatThrownBy(() -> NabResultsReader.read(tmp, "x", file)).isInstanceOf(NabFormatException.class)
                .hasMessageContaining("no 'anomaly_score' column");
    }

    @Test
    void shouldRefuseToWriteScoresThatAreNotFiniteOrMisCounted() {
        NabDataFile file = SyntheticFiles.file("series.csv", 5);

        assertThatThrownBy(() -> NabResultsWriter.write(tmp, "x", file, new double[4]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NabResultsWriter.write(tmp, "x", file,
                new double[] {0, 0, Double.POSITIVE_INFINITY, 0, 0})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNameTheRowOfAResultThatDoesNotMatchOrCannotBeRead() throws IOException {
        NabDataFile file = SyntheticFiles.file("series.csv", 3);
        Path csv = NabResultsLayout.resultFile(tmp, "x", file);
        Files.createDirectories(csv.getParent());
        String header = "timestamp,value,anomaly_score,label\n";

        // Rows are five minutes apart from midnight: the third row of the corpus file is at 00:10.
        Files.writeString(csv, header + "2020-01-01 00:00:00,0,0.5,0\n2020-01-01 00:05:00,0,0.5,0\n"
                + "2020-01-01 00:15:00,0,0.5,0\n");
        assertThatThrownBy(() -> NabResultsReader.read(tmp, "x", file)).isInstanceOf(NabFormatException.class)
                .hasMessageContaining("row 3 is at 2020-01-01 00:15:00");

        Files.writeString(csv, header + "2020-01-01 00:00:00,0,0.5,0\n2020-01-01 00:05:00,0,high,0\n"
                + "2020-01-01 00:10:00,0,0.5,0\n");
        assertThatThrownBy(() -> NabResultsReader.read(tmp, "x", file)).isInstanceOf(NabFormatException.class)
                .hasMessageContaining("row 2:");
    }

    /**
     * A score is read as the corpus's values are: {@code 0.5f}, which Java's parser took for 0.5, is refused; a
     * missing or infinite score is refused at its row, where an empty one was "empty String".
     */
    @Test
    void shouldRefuseAScoreThatIsNoPlainDecimalOrNotFiniteNamingItsRow() throws IOException {
        NabDataFile file = SyntheticFiles.file("series.csv", 3);
        Path csv = NabResultsLayout.resultFile(tmp, "x", file);
        Files.createDirectories(csv.getParent());
        Map<String, String> refusals = Map.of("0.5f", "row 2: not a number: 0.5f (expected",
                "", "row 2: anomaly_score is missing (empty): NAB needs a finite number for every row",
                "-inf", "row 2: anomaly_score -inf is not finite", "NaN", "row 2: anomaly_score is missing (NaN)");

        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Files.writeString(csv, "timestamp,value,anomaly_score,label\n2020-01-01 00:00:00,0,0.5,0\n"
                    + "2020-01-01 00:05:00,0," + refusal.getKey() + ",0\n2020-01-01 00:10:00,0,1e-3,0\n");
            assertThatThrownBy(() -> NabResultsReader.read(tmp, "x", file)).as(refusal.getKey())
                    .isInstanceOf(NabFormatException.class).hasMessageContaining(refusal.getValue());
        }
    }

    @Test
    void shouldRefuseResultsWithMoreRowsThanTheCorpusFile() throws IOException {
        NabDataFile file = SyntheticFiles.file("series.csv", 2);
        Path csv = NabResultsLayout.resultFile(tmp, "x", file);
        Files.createDirectories(csv.getParent());

        Files.writeString(csv, "timestamp,value,anomaly_score,label\n2020-01-01 00:00:00,0,0.5,0\n"
                + "2020-01-01 00:05:00,0,0.5,0\n2020-01-01 00:10:00,0,0.5,0\n");
        assertThatThrownBy(() -> NabResultsReader.read(tmp, "x", file)).isInstanceOf(NabFormatException.class)
                .hasMessageContaining("has more rows than synthetic/series.csv (2)");
    }

    @Test
    void shouldWriteMinusZeroAsZeroAndOtherScoresWithoutAnExponent() {
        assertThat(NabResultsWriter.plain(-0.0)).isEqualTo("0");
        assertThat(NabResultsWriter.plain(0.0)).isEqualTo("0");
        assertThat(NabResultsWriter.plain(1e-7)).isEqualTo("0.0000001");
        assertThat(NabResultsWriter.plain(-2.5)).isEqualTo("-2.5");
    }
}
