package io.streamcast.serde;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The reader schema a writer's records are resolved against, so that Avro's size check measures them rightly.
 * Before it reads a block of an array or a map, Avro's Java reader (1.12.2) checks that the bytes left can hold the
 * block's count of elements at the least size of the reader's element type, not the writer's: an array of floats,
 * ints or longs, or of a union such as {@code ["float", "double"]} or {@code ["null", "double"]}, read as one of
 * doubles failed every record (one float of 4 bytes: "Collection claims 1 elements with at least 8 bytes each"),
 * though Avro resolves it. Where the writer's element may take fewer bytes than the reader's, the reader's element is
 * made a union of itself alone: Avro resolves it as the element itself (a float promoted to a double, a writer's
 * union branch by branch) and reads the same values, and its check counts a union as the one byte of its branch
 * index, which every written element takes, so a block claiming more elements than bytes left is still refused.
 */
final class MeasuredReaderSchema {

    private MeasuredReaderSchema() {
    }

    /** {@code reader} itself, or, where {@code writer}'s collection elements may be smaller, its measured copy. */
    static Schema of(Schema reader, Schema writer) {
        Set<Schema> smaller = identities();
        for (SchemaIncompatibilities.Place place : SchemaIncompatibilities.places(reader, writer)) {
            Schema.Type type = place.reader().getType();
            if (type != place.writer().getType() || (type != Schema.Type.ARRAY && type != Schema.Type.MAP)) {
                continue;
            }
            Schema read = element(place.reader());
            // a union cannot hold a union; Avro counts one byte for it, as few as any element takes but a null
            if (read.getType() != Schema.Type.UNION
                    && leastBytes(element(place.writer()), identities()) < leastBytes(read, identities())) {
                smaller.add(place.reader());
            }
        }
        return smaller.isEmpty() ? reader : copy(reader, smaller, new IdentityHashMap<>());
    }

    private static Set<Schema> identities() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    private static Schema element(Schema collection) {
        return collection.getType() == Schema.Type.ARRAY ? collection.getElementType() : collection.getValueType();
    }

    /** The least bytes a value of {@code schema} takes in Avro's binary encoding. */
    private static long leastBytes(Schema schema, Set<Schema> within) {
        return switch (schema.getType()) {
            case NULL -> 0;
            case FLOAT -> 4;
            case DOUBLE -> 8;
            case FIXED -> schema.getFixedSize();
            case UNION -> 1 + schema.getTypes().stream().mapToLong(branch -> leastBytes(branch, within)).min()
                    .orElse(0);
            case RECORD -> {
                if (!within.add(schema)) {
                    // within itself: counted where it starts
                    yield 0;
                }
                long sum = schema.getFields().stream().mapToLong(field -> leastBytes(field.schema(), within)).sum();
                within.remove(schema);
                yield sum;
            }
            default -> 1;
        };
    }

    /** {@code schema} with the elements of the collections {@code smaller} made unions; records copied once each. */
    private static Schema copy(Schema schema, Set<Schema> smaller, Map<Schema, Schema> copies) {
        Schema known = copies.get(schema);
        if (known != null) {
            return known;
        }
        Schema made;
        switch (schema.getType()) {
            case RECORD -> {
                made = Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), schema.isError());
                // before the fields, which may hold the record itself
                copies.put(schema, made);
                List<Schema.Field> fields = new ArrayList<>();
                for (Schema.Field field : schema.getFields()) {
                    fields.add(new Schema.Field(field, copy(field.schema(), smaller, copies)));
                }
                made.setFields(fields);
                schema.getAliases().forEach(made::addAlias);
            }
            case ARRAY -> made = Schema.createArray(copyElement(schema, smaller, copies));
            case MAP -> made = Schema.createMap(copyElement(schema, smaller, copies));
            case UNION -> made = Schema.createUnion(schema.getTypes().stream()
                    .map(branch -> copy(branch, smaller, copies)).toList());
            default -> {
                // holds no collection
                return schema;
            }
        }
        made.addAllProps(schema);
        copies.put(schema, made);
        return made;
    }

    private static Schema copyElement(Schema collection, Set<Schema> smaller, Map<Schema, Schema> copies) {
        Schema element = copy(element(collection), smaller, copies);
        return smaller.contains(collection) ? Schema.createUnion(element) : element;
    }
}
