package io.streamcast.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a path option, refusing an empty one: {@code Path.of("")} is the working directory, into which results and
 * plots went unasked (an unset shell variable, {@code --out "$OUT"}, gives one).
 */
final class NonEmptyPath implements ITypeConverter<Path> {

    @Override
    public Path convert(String value) {
        if (value.isEmpty()) {
            throw new TypeConversionException("'' is no path");
        }
        return Path.of(value);
    }
}
