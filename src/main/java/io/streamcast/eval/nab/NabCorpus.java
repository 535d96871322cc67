package io.streamcast.eval.nab;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.eval.CsvFields;
import io.streamcast.eval.CsvValue;
import io.streamcast.eval.RegularFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A corpus laid out as NAB's: {@code data/<category>/<file>.csv} series of {@code timestamp,value} rows and
 * {@code labels/combined_windows.json}, which maps each {@code category/file.csv} to its windows
 * {@code [[start, end], ...]}. Every data file must be labelled (an empty list for none), as NAB's labeler
 * requires. Files are kept in path order, so runs are repeatable.
 *
 * <p>A user's own corpus is read file by file: a data file that cannot be read (unlabelled, no header, a row or a
 * window that does not fit it) is left out and named in {@link #unreadable()} with the reason, and the other files
 * are scored; labels of a file the data does not hold are set aside in {@link #ignoredLabels()}, since a corpus cut
 * down to a few files keeps NAB's whole labels file; columns other than the timestamp and the value are named in
 * {@link #unreadColumns()}, since a file of several keys' rows would otherwise be scored as one series, unremarked.
 */
public final class NabCorpus {

    /** Where NAB keeps the windows, relative to the corpus root. */
    public static final String WINDOWS_FILE = "labels/combined_windows.json";
    /** Where NAB keeps the profiles, relative to the corpus root. */
    public static final String PROFILES_FILE = "config/profiles.json";

    private final List<NabDataFile> files;
    private final Map<String, NabDataFile> byPath;
    private final List<String> unreadable;
    private final List<String> ignoredLabels;
    private final List<String> unreadColumns;

    public NabCorpus(List<NabDataFile> files) {
        this(files, List.of(), List.of(), List.of());
    }

    private NabCorpus(List<NabDataFile> files, List<String> unreadable, List<String> ignoredLabels,
                      List<String> unreadColumns) {
        this.files = List.copyOf(files);
        this.unreadable = List.copyOf(unreadable);
        this.ignoredLabels = List.copyOf(ignoredLabels);
        this.unreadColumns = List.copyOf(unreadColumns);
        this.byPath = this.files.stream().collect(Collectors.toMap(NabDataFile::relativePath, Function.identity(),
                (a, b) -> {
                    throw new IllegalArgumentException("two files named " + a.relativePath());
                }, LinkedHashMap::new));
    }

    /**
     * Reads {@code <root>/data/**}{@code /*.csv} and {@code <root>/labels/combined_windows.json}; a data file that
     * cannot be read is left out and named in {@link #unreadable()}. Throws when the corpus has no data folder or
     * labels file, when the labels file cannot be read, when there is no data file it can read, and, before any file
     * is replayed, when a data file cannot be opened (permission denied, a link to nothing, not a regular file).
     */
    public static NabCorpus load(Path root) throws IOException {
        Path dataDir = root.resolve("data");
        Path windowsFile = root.resolve(WINDOWS_FILE);
        // a relative path is named as resolved too: the corpus is looked for beside where the command ran
        String named = root.isAbsolute() ? root.toString() : root + " (" + root.toAbsolutePath().normalize() + ")";
        if (!Files.isDirectory(dataDir)) {
            throw new NabFormatException(named + ": no data/ folder; expected NAB's data/<category>/<file>.csv");
        }
        if (!Files.isRegularFile(windowsFile)) {
            throw new NabFormatException(named + ": no " + WINDOWS_FILE);
        }
        Map<String, List<AnomalyWindow>> windows = readWindows(windowsFile);
        Map<String, Path> dataFiles = new TreeMap<>();
        try (Stream<Path> paths = Files.list(dataDir)) {
            for (Path categoryDir : paths.filter(Files::isDirectory).toList()) {
                try (Stream<Path> csvs = Files.list(categoryDir)) {
                    // a folder named x.csv is no data file: read, it stopped the whole corpus with an IOException
                    csvs.filter(p -> p.getFileName().toString().endsWith(".csv") && !Files.isDirectory(p)).forEach(p ->
                            dataFiles.put(categoryDir.getFileName() + "/" + p.getFileName(), p));
                }
            }
        }
        List<String> ignoredLabels = new ArrayList<>();
        for (String labelled : windows.keySet()) {
            if (!dataFiles.containsKey(labelled)) {
                // "not under data/" would deny a folder the user can see there
                ignoredLabels.add(windowsFile + " labels " + labelled + (Files.isDirectory(dataDir.resolve(labelled))
                        ? ", which is a folder under " + dataDir + ", not a data file" : ", which is not under "
                        + dataDir) + ": its windows are ignored");
            }
        }
        List<NabDataFile> files = new ArrayList<>(dataFiles.size());
        List<String> unreadable = new ArrayList<>();
        List<String> unreadColumns = new ArrayList<>();
        for (Map.Entry<String, Path> entry : dataFiles.entrySet()) {
            List<AnomalyWindow> fileWindows = windows.get(entry.getKey());
            if (fileWindows == null) {
                unreadable.add(entry.getValue() + " has no entry in " + windowsFile
                        + " (use [] for a file without anomalies)");
                continue;
            }
            try {
                files.add(readDataFile(entry.getValue(), fileWindows));
                otherColumns(entry.getValue()).ifPresent(unreadColumns::add);
            } catch (NabFormatException | CharacterCodingException e) {
                unreadable.add(e instanceof NabFormatException ? e.getMessage()
                        : entry.getValue() + ": not UTF-8 text (" + e + ")");
            }
        }
        if (files.isEmpty()) {
            List<String> reasons = new ArrayList<>(unreadable);
            reasons.addAll(ignoredLabels);
            throw new NabFormatException((dataFiles.isEmpty() ? "no data file <category>/<file>.csv under " + dataDir
                    : "no data file under " + dataDir + " could be read")
                    + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons)));
        }
        return new NabCorpus(files, unreadable, ignoredLabels, unreadColumns);
    }

    /** The columns of {@code csv}'s header other than the timestamp and the value, said as a note; empty if none. */
    private static Optional<String> otherColumns(Path csv) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<String> others = new ArrayList<>(CsvFields.headerNames(reader.readLine()));
            others.removeAll(List.of("timestamp", "value"));
            return others.isEmpty() ? Optional.empty() : Optional.of(csv + ": columns " + String.join(", ", others)
                    + " are not read; each file is one series of its timestamp and value columns (a file of several"
                    + " keys' rows is scored as one series: give each key a file of its own)");
        }
    }

    /** Why each data file that could not be read was left out, naming the file (and line, where there is one). */
    public List<String> unreadable() {
        return unreadable;
    }

    /** Data files with columns other than the timestamp and the value, which were not read, each said as a note. */
    public List<String> unreadColumns() {
        return unreadColumns;
    }

    /** Labels of files the corpus does not hold, which were ignored. */
    public List<String> ignoredLabels() {
        return ignoredLabels;
    }

    private static Map<String, List<AnomalyWindow>> readWindows(Path windowsFile) throws IOException {
        Map<String, List<List<String>>> raw;
        try (var in = Files.newInputStream(windowsFile)) {
            // a file labelled twice would otherwise keep its last entry's windows and drop the others unremarked
            raw = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readValue(in,
                    new TypeReference<LinkedHashMap<String, List<List<String>>>>() {
                    });
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            // the parser's own words say what it met where ("Duplicate field 'a/b.csv'", "Unexpected end-of-input");
            // a value of another shape is said by the expected shape, not by Java's type names
            JsonLocation at = e.getLocation();
            String met = e instanceof MismatchedInputException ? "" : ": " + e.getOriginalMessage()
                    .replaceAll("\\[Source: [^;]*; (line: \\d+, column: \\d+)]", "$1");
            throw new NabFormatException(windowsFile + ": expected {\"category/file.csv\": [[start, end], ...]}"
                    + met + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")"), e);
        }
        Map<String, List<AnomalyWindow>> windows = new LinkedHashMap<>();
        for (Map.Entry<String, List<List<String>>> entry : raw.entrySet()) {
            // JSON's null reads as a Java null, which stopped the run with a NullPointerException
            if (entry.getValue() == null) {
                throw new NabFormatException(windowsFile + ": " + entry.getKey() + " has null, not a list of windows"
                        + " (use [] for a file without anomalies)");
            }
            List<AnomalyWindow> list = new ArrayList<>();
            for (List<String> limits : entry.getValue()) {
                if (limits == null || limits.size() != 2 || limits.contains(null)) {
                    throw new NabFormatException(windowsFile + ": a window of " + entry.getKey()
                            + " is not [start, end]: " + limits);
                }
                try {
                    list.add(new AnomalyWindow(NabTimestamps.parse(limits.get(0)), NabTimestamps.parse(limits.get(1))));
                } catch (IllegalArgumentException e) {
                    throw new NabFormatException(windowsFile + ": " + entry.getKey() + ": " + e.getMessage(), e);
                }
            }
            windows.put(entry.getKey(), list);
        }
        return windows;
    }

    /** Reads one {@code timestamp,value} file; {@code category} is the name of its parent folder. */
    public static NabDataFile readDataFile(Path csv, List<AnomalyWindow> windows) throws IOException {
        String category = csv.getParent().getFileName().toString();
        String name = csv.getFileName().toString();
        RegularFiles.requireRegular(csv);
        List<LocalDateTime> timestamps = new ArrayList<>();
        double[] values = new double[1024];
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) {
                throw new NabFormatException(csv + ": empty file");
            }
            int[] columns = CsvColumns.locate(csv, header, "timestamp", "value");
            int headerColumns = CsvFields.headerNames(header).size();
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    String[] fields = CsvColumns.split(line);
                    CsvFields.requireNoMoreThan(fields, headerColumns);
                    timestamps.add(NabTimestamps.parse(CsvColumns.field(fields, columns[0])));
                    if (timestamps.size() > values.length) {
                        values = Arrays.copyOf(values, values.length * 2);
                    }
                    values[timestamps.size() - 1] = CsvValue.parse(CsvColumns.field(fields, columns[1]));
                } catch (IllegalArgumentException e) {
                    throw new NabFormatException(csv + ":" + lineNumber + ": " + e.getMessage(), e);
                }
            }
        }
        try {
            return new NabDataFile(category, name, timestamps.toArray(LocalDateTime[]::new),
                    Arrays.copyOf(values, timestamps.size()), windows);
        } catch (IllegalArgumentException e) {
            throw new NabFormatException(e.getMessage(), e);
        }
    }

    public List<NabDataFile> files() {
        return files;
    }

    /** The file with NAB's key {@code category/name}. */
    public Optional<NabDataFile> file(String relativePath) {
        return Optional.ofNullable(byPath.get(relativePath));
    }

    /** Rows over all files. */
    public long rowCount() {
        return files.stream().mapToLong(NabDataFile::length).sum();
    }

    /** Labelled windows over all files: NAB's count of the true positives a perfect detector finds. */
    public int windowCount() {
        return files.stream().mapToInt(f -> f.windows().size()).sum();
    }
}
