package io.streamcast.app.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --detector}, which names a folder of the results root ({@code <out>/<detector>/<category>/...}):
 * refused when empty ({@code --detector "$NAME"} with the variable unset wrote the results into the root itself),
 * or when it is {@code .} or {@code ..} or holds a {@code /}, which put them outside their own folder.
 */
final class DetectorName implements ITypeConverter<String> {

    @Override
    public String convert(String value) {
        if (value.isEmpty() || value.equals(".") || value.equals("..") || value.contains("/")) {
            throw new TypeConversionException("'" + value + "' is no detector name: it names the results' folder,"
                    + " so give a name without '/', not '.' or '..'");
        }
        return value;
    }
}
