package io.streamcast.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Samples of a scrape in the Prometheus text format, to read values from as Prometheus would. */
public final class PrometheusText {

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            samples.add(Sample.parse(line));
        }
        return new PrometheusText(samples);
    }

    public List<Sample> samples() {
        return samples;
    }

    public Set<String> names() {
        return samples.stream().map(Sample::name).collect(Collectors.toSet());
    }

    /** Samples of {@code name} whose labels include {@code labels}. */
    public List<Sample> samples(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
    }

    /** The value of the one sample of {@code name} whose labels include {@code labels}. */
    public double value(String name, Map<String, String> labels) {
        List<Sample> found = samples(name, labels);
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + labels + ", found " + found);
        }
        return found.get(0).value();
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels}. */
    public double sum(String name, Map<String, String> labels) {
        return samples(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /** One line of the exposition: {@code name{label="value",...} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {

        static Sample parse(String line) {
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int end = line.lastIndexOf('}');
                parseLabels(line.substring(brace + 1, end), labels);
            } else {
                name = line.substring(0, line.indexOf(' '));
            }
            return new Sample(name, labels, number(line.substring(space + 1).trim()));
        }

        private static double number(String text) {
            return switch (text) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(text);
            };
        }

        private static void parseLabels(String text, Map<String, String> labels) {
            int i = 0;
            while (i < text.length()) {
                int equals = text.indexOf('=', i);
                String label = text.substring(i, equals).trim();
                StringBuilder value = new StringBuilder();
                int j = equals + 2;
                while (text.charAt(j) != '"') {
                    char c = text.charAt(j);
                    if (c == '\\') {
                        j++;
                        c = text.charAt(j) == 'n' ? '\n' : text.charAt(j);
                    }
                    value.append(c);
                    j++;
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (i < text.length() && text.charAt(i) == ',') {
                    i++;
                }
            }
        }
    }
}
