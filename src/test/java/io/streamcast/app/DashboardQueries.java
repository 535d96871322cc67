package io.streamcast.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL queries of a Grafana dashboard, and the metric names and label matchers in them. */
final class DashboardQueries {

    /** Metrics that Streamcast exports: its own, Kafka's and the JVM's and process's from Micrometer. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:streamcast|kafka|jvm|process)_[a-z0-9_]+\\b");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile(
            "([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final List<String> queries;

    private DashboardQueries(List<String> queries) {
        this.queries = queries;
    }

    static DashboardQueries read(Path dashboard) throws IOException {
        JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : root.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText());
            }
        }
        for (JsonNode variable : root.path("templating").path("list")) {
            queries.add(variable.path("query").path("query").asText());
        }
        return new DashboardQueries(queries);
    }

    List<String> queries() {
        return queries;
    }

    List<String> metricNames() {
        List<String> names = new ArrayList<>();
        for (String query : queries) {
            Matcher matcher = METRIC.matcher(query);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }

    /** Every {@code metric{label op "value"}} matcher in the queries. */
    List<LabelMatcher> labelMatchers() {
        List<LabelMatcher> matchers = new ArrayList<>();
        for (String query : queries) {
            Matcher selector = SELECTOR.matcher(query);
            while (selector.find()) {
                Matcher matcher = MATCHER.matcher(selector.group(2));
                while (matcher.find()) {
                    matchers.add(new LabelMatcher(selector.group(1), matcher.group(1), matcher.group(2),
                            matcher.group(3).replace("\\\\", "\\")));
                }
            }
        }
        return matchers;
    }

    record LabelMatcher(String metric, String label, String operator, String value) {

        boolean matches(String actual) {
            if (actual == null) {
                return false;
            }
            return switch (operator) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> actual.matches(value);
                default -> !actual.matches(value);
            };
        }
    }
}
