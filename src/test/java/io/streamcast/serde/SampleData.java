package io.streamcast.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Seeded sample values for any Avro schema, so tests cover every schema in schemas/ without spelling out each
 * record, and keep working as schemas gain fields. Unions take their first non-null branch, so optional fields
 * carry values; arrays and maps get two entries.
 */
final class SampleData {

    private final Random random;

    SampleData(long seed) {
        random = new Random(seed);
    }

    /** A generic datum of {@code schema}. */
    Object of(Schema schema) {
        return switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), of(field.schema()));
                }
                yield record;
            }
            case UNION -> of(schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst()
                    .orElse(schema.getTypes().get(0)));
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                items.add(of(schema.getElementType()));
                items.add(of(schema.getElementType()));
                yield new GenericData.Array<>(schema, items);
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("k" + random.nextInt(1000), of(schema.getValueType()));
                map.put("q" + random.nextInt(1000), of(schema.getValueType()));
                yield map;
            }
            case ENUM -> new GenericData.EnumSymbol(schema,
                    schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
            case FIXED -> {
                byte[] bytes = new byte[schema.getFixedSize()];
                random.nextBytes(bytes);
                yield new GenericData.Fixed(schema, bytes);
            }
            case STRING -> "s" + random.nextInt(100_000);
            case BYTES -> {
                byte[] bytes = new byte[1 + random.nextInt(24)];
                random.nextBytes(bytes);
                yield ByteBuffer.wrap(bytes);
            }
            case INT -> random.nextInt(1000);
            case LONG -> 1_700_000_000_000L + random.nextInt(1_000_000);
            case FLOAT -> random.nextFloat();
            case DOUBLE -> random.nextGaussian();
            case BOOLEAN -> random.nextBoolean();
            case NULL -> null;
        };
    }

    /** A sample instance of the generated class {@code type}, with the class's own conversions applied. */
    <T extends SpecificRecord> T of(Class<T> type) {
        TrustedSchemaClasses.install();
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        byte[] bytes = encode(schema, of(schema));
        try {
            return new SpecificDatumReader<T>(schema, schema, model).read(null,
                    DecoderFactory.get().binaryDecoder(bytes, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Plain Avro binary of a generic datum. */
    static byte[] encode(Schema schema, Object datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<>(schema).write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
