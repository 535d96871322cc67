package io.streamcast.app.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** One setting and the values to choose among, from {@code KEY=V1,V2,...}. */
record SettingChoice(String key, List<String> values) {

    /** The choice {@code option} names, or null when it is null; a malformed one is a usage error. */
    static SettingChoice parse(String option, CommandLine commandLine) {
        if (option == null) {
            return null;
        }
        int equals = option.indexOf('=');
        String key = equals < 0 ? "" : option.substring(0, equals).trim();
        List<String> values = equals < 0 ? List.of() : Arrays.stream(option.substring(equals + 1).split(","))
                .map(String::trim).toList();
        if (key.isEmpty() || values.isEmpty() || values.contains("")) {
            throw new ParameterException(commandLine, "--vary takes KEY=V1,V2,... (a setting and its values), got '"
                    + option + "'");
        }
        return new SettingChoice(key, values);
    }

    /** The settings that give the {@code index}th value. */
    Map<String, String> override(int index) {
        return Map.of(key, values.get(index));
    }

    String label(int index) {
        return key + "=" + values.get(index);
    }
}
