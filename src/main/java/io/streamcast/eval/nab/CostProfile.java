package io.streamcast.eval.nab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A NAB application profile: how much a detected window earns ({@code tpWeight}), what a false positive
 * costs ({@code fpWeight}) and what a missed window costs ({@code fnWeight}). NAB's {@code tnWeight} takes no
 * part in the score and is not kept.
 */
public record CostProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

    public static final CostProfile STANDARD = new CostProfile("standard", 1.0, 0.11, 1.0);
    public static final CostProfile REWARD_LOW_FP_RATE = new CostProfile("reward_low_FP_rate", 1.0, 0.22, 1.0);
    public static final CostProfile REWARD_LOW_FN_RATE = new CostProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);

    public CostProfile {
        Objects.requireNonNull(name, "name");
        if (!(Double.isFinite(tpWeight) && Double.isFinite(fpWeight) && Double.isFinite(fnWeight))) {
            throw new IllegalArgumentException("profile " + name + " has a non-finite weight");
        }
    }

    /** NAB's three profiles as its {@code config/profiles.json} defines them. */
    public static List<CostProfile> nabDefaults() {
        return List.of(STANDARD, REWARD_LOW_FP_RATE, REWARD_LOW_FN_RATE);
    }

    /** Reads NAB's {@code profiles.json}: {@code {name: {"CostMatrix": {tpWeight, fpWeight, fnWeight, ...}}}}. */
    public static List<CostProfile> load(Path profilesJson) throws IOException {
        JsonNode root;
        try (var in = Files.newInputStream(profilesJson)) {
            root = new ObjectMapper().readTree(in);
        } catch (JsonProcessingException e) {
            throw new NabFormatException(profilesJson + ": not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new NabFormatException(profilesJson + ": expected an object of profiles");
        }
        List<CostProfile> profiles = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode matrix = entry.getValue().path("CostMatrix");
            profiles.add(new CostProfile(entry.getKey(),
                    weight(profilesJson, entry.getKey(), matrix, "tpWeight"),
                    weight(profilesJson, entry.getKey(), matrix, "fpWeight"),
                    weight(profilesJson, entry.getKey(), matrix, "fnWeight")));
        }
        return List.copyOf(profiles);
    }

    private static double weight(Path file, String profile, JsonNode matrix, String field) throws NabFormatException {
        JsonNode value = matrix.get(field);
        if (value == null || !value.isNumber()) {
            throw new NabFormatException(file + ": profile " + profile + " has no numeric CostMatrix." + field);
        }
        return value.doubleValue();
    }
}
