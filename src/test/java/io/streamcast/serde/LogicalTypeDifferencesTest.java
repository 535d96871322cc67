package io.streamcast.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.schema.ModelSnapshot;
import io.streamcast.schema.Prediction;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;

/** The logical types a latest version changes, which Avro's compatibility check does not look at. */
class LogicalTypeDifferencesTest {

    private static final String MILLIS = "{\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}";

    @Test
    void shouldFindNoneBetweenASchemaAndItself() {
        assertThat(LogicalTypeDifferences.between(Prediction.getClassSchema(), Prediction.getClassSchema())).isEmpty();
        assertThat(LogicalTypeDifferences.between(ModelSnapshot.getClassSchema(), ModelSnapshot.getClassSchema()))
                .isEmpty();
    }

    @Test
    void shouldNameATimestampMadeAPlainLongWhichAvrosCheckPasses() {
        Schema own = record("{\"name\": \"at\", \"type\": " + MILLIS + "}");
        Schema latest = record("{\"name\": \"at\", \"type\": \"long\"}");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(latest, own).getType())
                .as("Avro's own verdict").isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(LogicalTypeDifferences.between(own, latest)).containsExactly("field at: a plain long in the "
                + "latest version, a long of logical type timestamp-millis in ours (with "
                + "latest.compatibility.strict=false written as its epoch milliseconds)");
    }

    @Test
    void shouldNameALogicalTypeTheLatestVersionAddsOrChanges() {
        Schema own = record("{\"name\": \"version\", \"type\": \"long\"}, {\"name\": \"at\", \"type\": " + MILLIS
                + "}, {\"name\": \"day\", \"type\": {\"type\": \"int\", \"logicalType\": \"date\"}}");
        Schema latest = record("{\"name\": \"version\", \"type\": " + MILLIS + "}, {\"name\": \"at\", \"type\": "
                + "{\"type\": \"long\", \"logicalType\": \"timestamp-micros\"}}, {\"name\": \"day\", \"type\": "
                + "{\"type\": \"int\", \"logicalType\": \"date\"}}");

        assertThat(LogicalTypeDifferences.between(own, latest)).containsExactly(
                "field version: a long of logical type timestamp-millis in the latest version, a plain long in ours",
                "field at: a long of logical type timestamp-micros in the latest version, a long of logical type "
                        + "timestamp-millis in ours (with latest.compatibility.strict=false written as its epoch "
                        + "microseconds)");
    }

    @Test
    void shouldTellDecimalsByTheirScale() {
        Schema own = record("{\"name\": \"price\", \"type\": {\"type\": \"bytes\", \"logicalType\": \"decimal\", "
                + "\"precision\": 9, \"scale\": 2}}");
        Schema latest = record("{\"name\": \"price\", \"type\": {\"type\": \"bytes\", \"logicalType\": \"decimal\", "
                + "\"precision\": 9, \"scale\": 4}}");

        assertThat(LogicalTypeDifferences.between(own, own)).isEmpty();
        assertThat(LogicalTypeDifferences.between(own, latest)).containsExactly(
                "field price: a bytes of logical type decimal(9, 4) in the latest version, a bytes of logical type "
                        + "decimal(9, 2) in ours");
    }

    @Test
    void shouldLookIntoNestedRecordsArraysMapsAndUnions() {
        String inner = "{\"type\": \"record\", \"name\": \"Inner\", \"fields\": [{\"name\": \"t\", \"type\": %s}]}";
        Schema own = record("{\"name\": \"rows\", \"type\": {\"type\": \"array\", \"items\": " + inner.formatted(MILLIS)
                + "}}, {\"name\": \"by_name\", \"type\": {\"type\": \"map\", \"values\": " + MILLIS + "}}, "
                + "{\"name\": \"maybe\", \"type\": [\"null\", " + MILLIS + "]}, "
                + "{\"name\": \"bare\", \"type\": " + MILLIS + "}");
        Schema latest = record("{\"name\": \"rows\", \"type\": {\"type\": \"array\", \"items\": "
                + inner.formatted("\"long\"") + "}}, {\"name\": \"by_name\", \"type\": {\"type\": \"map\", "
                + "\"values\": \"long\"}}, {\"name\": \"maybe\", \"type\": [\"null\", \"long\"]}, "
                + "{\"name\": \"bare\", \"type\": [\"null\", \"long\"]}");

        assertThat(LogicalTypeDifferences.between(own, latest)).extracting(line -> line.substring(0,
                line.indexOf(':'))).containsExactly("field rows.t", "field by_name", "field maybe", "field bare");
    }

    @Test
    void shouldPairARenamedFieldThroughItsAlias() {
        Schema own = record("{\"name\": \"at\", \"type\": " + MILLIS + "}");
        Schema latest = record("{\"name\": \"seen_at\", \"aliases\": [\"at\"], \"type\": \"long\"}");

        assertThat(LogicalTypeDifferences.between(own, latest)).containsExactly("field seen_at: a plain long in the "
                + "latest version, a long of logical type timestamp-millis in ours (with "
                + "latest.compatibility.strict=false written as its epoch milliseconds)");
    }

    @Test
    void shouldLeaveFieldsOnlyOneSideHasToAvrosCheck() {
        Schema own = record("{\"name\": \"ours\", \"type\": " + MILLIS + "}");
        Schema latest = record("{\"name\": \"theirs\", \"type\": \"long\", \"default\": 0}");

        assertThat(LogicalTypeDifferences.between(own, latest)).isEmpty();
    }

    @Test
    void shouldCompareARecursiveRecordOnce() {
        String node = "{\"type\": \"record\", \"name\": \"Node\", \"fields\": [{\"name\": \"at\", \"type\": %s}, "
                + "{\"name\": \"next\", \"type\": [\"null\", \"Node\"]}]}";
        Schema own = new Schema.Parser().parse(node.formatted(MILLIS));
        Schema latest = new Schema.Parser().parse(node.formatted("\"long\""));

        assertThat(LogicalTypeDifferences.between(own, latest)).hasSize(1).first().asString()
                .startsWith("field at: ");
    }

    private static Schema record(String fields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"R\", \"fields\": [" + fields + "]}");
    }
}
