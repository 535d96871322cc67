package io.streamcast.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code examples/nab/inject.py} and {@code found.py}, run by python3 as a user runs them. */
class InjectedCorpusScriptsTest {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @BeforeEach
    void needsPython() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no python3 to run the script");
    }

    @Test
    void shouldDescribeTheScriptInWholeSentences() throws IOException, InterruptedException {
        String help = inject("--help");

        // argparse prints the description between the usage and the arguments, as one paragraph
        String description = help.substring(help.indexOf("\n\n") + 2, help.indexOf("positional arguments"))
                .strip().replaceAll("\\s+", " ");
        assertThat(description).startsWith("Writes a NAB-style corpus from unlabelled timestamp,value series")
                .contains("at known rows, so that a detector can be scored").endsWith(".");
    }

    /**
     * Two files of three anomalies each get the kinds spike, outage, level, then holiday, surge, spike; the surge is
     * the only kind that doubles a value. These two names draw a surge that would start in the quiet evening, where
     * doubling zeros changes nothing.
     */
    @Test
    void shouldPutEverySurgeOfSixRowsWhereTheKeyIsBusy(@TempDir Path dir) throws IOException, InterruptedException {
        Path series = Files.createDirectories(dir.resolve("series"));
        for (String name : List.of("x.csv", "y.csv")) {
            Files.write(series.resolve(name), busyFromTenToSix(30, 10));
        }
        Path out = dir.resolve("out");

        inject(series.toString(), out.toString(), "--category", "injected");

        int doubled = 0;
        for (String name : List.of("x.csv", "y.csv")) {
            List<String> before = Files.readAllLines(series.resolve(name));
            List<String> after = Files.readAllLines(out.resolve("data/injected").resolve(name));
            assertThat(after).hasSameSizeAs(before);
            for (int i = 1; i < before.size(); i++) {
                double was = Double.parseDouble(before.get(i).split(",")[1]);
                double is = Double.parseDouble(after.get(i).split(",")[1]);
                if (was > 0 && is == 2 * was) {
                    doubled++;
                }
            }
        }
        assertThat(doubled).as("rows doubled by the one surge").isEqualTo(6);
    }

    /**
     * A day at 1.5 times its level in a series of counts stays counts: each of its 16 busy rows of 1 is rounded to 1
     * or 2, at random, so that the day is not found by fractions no count takes. The first file's third anomaly is
     * the level.
     */
    @Test
    void shouldKeepCountsWholeOnADayAtAnotherLevel(@TempDir Path dir) throws IOException, InterruptedException {
        Path series = Files.createDirectories(dir.resolve("series"));
        Files.write(series.resolve("x.csv"), busyFromTenToSix(30, 1));
        Path out = dir.resolve("out");

        inject(series.toString(), out.toString(), "--category", "injected");

        List<String> before = Files.readAllLines(series.resolve("x.csv"));
        List<String> after = Files.readAllLines(out.resolve("data/injected/x.csv"));
        int raised = 0;
        for (int i = 1; i < before.size(); i++) {
            double is = Double.parseDouble(after.get(i).split(",")[1]);
            assertThat(is).as(after.get(i)).isEqualTo(Math.rint(is));
            if (Double.parseDouble(before.get(i).split(",")[1]) == 1 && is == 2) {
                raised++;
            }
        }
        assertThat(raised).as("busy rows of the level's day raised from 1 to 2").isBetween(1, 15);
    }

    /**
     * A key busy on Tuesdays and Thursdays alone: a surge, an outage or a day at another level drawn on another day,
     * or a holiday on a Monday (equal to its Sunday), would change no row. Each window must hold a changed row, and
     * start after NAB's probation.
     */
    @Test
    void shouldChangeARowInEveryLabelledWindow(@TempDir Path dir) throws IOException, InterruptedException {
        Path series = Files.createDirectories(dir.resolve("series"));
        List<String> names = List.of("a.csv", "b.csv", "c.csv", "d.csv");
        for (String name : names) {
            List<String> lines = new ArrayList<>(List.of("timestamp,value"));
            LocalDateTime start = LocalDateTime.of(2001, 1, 1, 0, 0);
            for (int i = 0; i < 60 * 48; i++) {
                LocalDateTime time = start.plusMinutes(30L * i);
                int weekday = time.getDayOfWeek().getValue();
                boolean busy = (weekday == 2 || weekday == 4) && time.getHour() >= 10 && time.getHour() < 18;
                lines.add(TIME.format(time) + "," + (busy ? 3 : 0));
            }
            Files.write(series.resolve(name), lines);
        }
        Path out = dir.resolve("out");

        inject(series.toString(), out.toString(), "--category", "injected");

        JsonNode windows = new ObjectMapper().readTree(out.resolve("labels/combined_windows.json").toFile());
        for (String name : names) {
            List<String> before = Files.readAllLines(series.resolve(name));
            List<String> after = Files.readAllLines(out.resolve("data/injected").resolve(name));
            String probationEnd = before.get(1 + Math.min((int) (0.15 * (before.size() - 1)), 750)).split(",")[0];
            JsonNode fileWindows = windows.get("injected/" + name);
            assertThat(fileWindows).as(name).hasSize(3);
            for (JsonNode window : fileWindows) {
                String from = window.get(0).asText().substring(0, 19);
                String to = window.get(1).asText().substring(0, 19);
                assertThat(from).as(name + " window start").isGreaterThanOrEqualTo(probationEnd);
                boolean changed = false;
                for (int i = 1; i < before.size(); i++) {
                    String time = before.get(i).split(",")[0];
                    if (time.compareTo(from) >= 0 && time.compareTo(to) <= 0
                            && Double.parseDouble(before.get(i).split(",")[1])
                            != Double.parseDouble(after.get(i).split(",")[1])) {
                        changed = true;
                    }
                }
                assertThat(changed).as(name + " window " + from + " to " + to).isTrue();
            }
        }
    }

    /**
     * The invented series as a corpus label as NAB labels: with seeds 13 and 23 a holiday of web.csv falls where its
     * window would start inside the probationary period (the first 750 of 17,520 rows), and NAB deletes such a window.
     */
    @Test
    void shouldDeleteAnInventedSeriesWindowThatStartsInTheProbation(@TempDir Path dir)
            throws IOException, InterruptedException {
        python("examples/series/rhythmic.py", "--nab", "--seeds", "13,23", dir.toString());

        JsonNode windows = new ObjectMapper().readTree(dir.resolve("labels/combined_windows.json").toFile());
        for (String name : List.of("invented/city.csv", "invented/web.csv")) {
            List<String> rows = Files.readAllLines(dir.resolve("data").resolve(name));
            String probationEnd = rows.get(1 + 750).split(",")[0];
            String last = rows.get(rows.size() - 1).split(",")[0];
            assertThat(windows.get(name)).as(name).isNotEmpty().allSatisfy(window -> {
                assertThat(window.get(0).asText().substring(0, 19)).isGreaterThanOrEqualTo(probationEnd);
                assertThat(window.get(1).asText().substring(0, 19)).isLessThanOrEqualTo(last);
            });
        }
    }

    /** Half-hourly rows of {@code days} days from 1 January 2001: {@code busy} from 10:00 to 18:00, 0 otherwise. */
    private static List<String> busyFromTenToSix(int days, int busy) {
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,value");
        LocalDateTime start = LocalDateTime.of(2001, 1, 1, 0, 0);
        for (int i = 0; i < days * 48; i++) {
            LocalDateTime time = start.plusMinutes(30L * i);
            lines.add(TIME.format(time) + "," + (time.getHour() >= 10 && time.getHour() < 18 ? busy : 0));
        }
        return lines;
    }

    /**
     * A file of 1,000 rows (a probation of 150) with a spike's window and a surge's: one anomaly in the spike's window,
     * a score just below the threshold in the surge's, one anomaly outside both and one in the probation, which the
     * count leaves out as NAB's scorer does.
     */
    @Test
    void shouldCountTheWindowsFoundPerKindAndTheAnomaliesOutsideThem(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path corpus = Files.createDirectories(dir.resolve("corpus/labels"));
        Files.writeString(corpus.resolve("injected_kinds.json"), "{\"c/a.csv\": [\"spike\", \"surge\"]}");
        Files.writeString(corpus.resolve("combined_windows.json"), "{\"c/a.csv\": ["
                + "[\"2001-01-01 05:00:00.000000\", \"2001-01-01 06:00:00.000000\"], "
                + "[\"2001-01-01 10:00:00.000000\", \"2001-01-01 11:00:00.000000\"]]}");
        List<String> lines = new ArrayList<>(List.of("timestamp,value,anomaly_score,label"));
        LocalDateTime start = LocalDateTime.of(2001, 1, 1, 0, 0);
        for (int i = 0; i < 1000; i++) {
            // a row a minute: 05:00 is row 300, 10:00 row 600
            double score = switch (i) {
                case 10, 330, 800 -> 0.5;
                case 630 -> 0.0999;
                default -> 0;
            };
            lines.add(TIME.format(start.plusMinutes(i)) + ",1," + score + ",0");
        }
        Path results = Files.createDirectories(dir.resolve("results/streamcast/c"));
        Files.write(results.resolve("streamcast_a.csv"), lines);

        String report = python("examples/nab/found.py", dir.resolve("corpus").toString(),
                dir.resolve("results").toString(), "0.1");

        assertThat(report.lines()).containsExactly("spike 1 of 1", "surge 0 of 1",
                "anomalies inside windows 1, outside 1");
    }

    private static String inject(String... arguments) throws IOException, InterruptedException {
        return python("examples/nab/inject.py", arguments);
    }

    private static String python(String script, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
