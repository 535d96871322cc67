package io.streamcast.eval;

import io.streamcast.eval.nab.NabCorpus;
import io.streamcast.eval.nab.NabDataFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which files of a corpus an evaluation replays as the keys of one stream, sharing one model and one trainer.
 *
 * <p>Why both: a file alone is a key whose trainer serves it alone, so its model learns from it only and a new
 * version comes every few thousand of its events. A deployment runs many keys through one trainer: its model learns
 * from all of them, and each key gets new versions many times as often. The two differ in what the detector sees
 * of the model, so both are measured.
 */
public enum StreamLayout {

    /** Every file is the one key of its own stream. */
    FILE,
    /** The files of each category are the keys of one stream, interleaved by event time. */
    CATEGORY;

    /** The corpus's files grouped into streams, each in the corpus's order. */
    List<List<NabDataFile>> streams(NabCorpus corpus) {
        List<List<NabDataFile>> streams = new ArrayList<>();
        if (this == FILE) {
            for (NabDataFile file : corpus.files()) {
                streams.add(List.of(file));
            }
            return streams;
        }
        Map<String, List<NabDataFile>> byCategory = new LinkedHashMap<>();
        for (NabDataFile file : corpus.files()) {
            byCategory.computeIfAbsent(file.category(), c -> new ArrayList<>()).add(file);
        }
        streams.addAll(byCategory.values());
        return streams;
    }
}
