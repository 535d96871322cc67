package io.streamcast.serde;

/**
 * A registry call that failed: unreachable, refused, or asked for something the registry does not have. Carries
 * the HTTP status and Confluent {@code error_code} of the answer when there was one, so callers can tell "not
 * registered" (40401, 40403) from "incompatible" (409) from "registry down".
 */
public class SchemaRegistryException extends RuntimeException {

    /** No HTTP answer: the registry could not be reached, or the failure happened before any request. */
    public static final int NO_STATUS = -1;

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int STORE_ERROR = 50001;

    private final int httpStatus;
    private final int errorCode;
    private final boolean unusableAnswer;

    public SchemaRegistryException(String message) {
        this(message, NO_STATUS, NO_STATUS, null);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        this(message, NO_STATUS, NO_STATUS, cause);
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        this(message, httpStatus, errorCode, null);
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        this(message, httpStatus, errorCode, cause, false);
    }

    private SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause,
                                    boolean unusableAnswer) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.unusableAnswer = unusableAnswer;
    }

    /**
     * The registry answered, and the schema it answered with cannot be used here: a JSON Schema or Protobuf schema (a
     * producer with another serializer writes the same framing), or an Avro schema this Avro cannot parse. That is an
     * answer about the record's schema, not an outage: the record is the one at fault.
     */
    public static SchemaRegistryException unusableSchema(String message, Throwable cause) {
        return new SchemaRegistryException(message, 200, NO_STATUS, cause, true);
    }

    /** The HTTP status of the registry's answer, or {@link #NO_STATUS}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent's {@code error_code} from the answer's body (e.g. 40401), or {@link #NO_STATUS}. */
    public int errorCode() {
        return errorCode;
    }

    /** True when the registry answered with a schema that cannot be used ({@link #unusableSchema}). */
    public boolean isUnusableSchema() {
        return unusableAnswer;
    }

    /**
     * True when the registry answered that the subject, version or schema does not exist: a 404 with one of
     * Confluent's not-found codes (40401 to 40499). A 404 without one comes from something else at that address (a
     * proxy, a wrong path), which says nothing about the schema.
     */
    public boolean isNotFound() {
        return httpStatus == 404 && errorCode / 100 == 404;
    }

    /**
     * True when the registry refused the credentials: 401 (none, wrong, or no longer valid) or 403 (not allowed
     * this). No retry mends that; it is still no answer about the schema ({@link #isUnavailable}).
     */
    public boolean isCredentialsRefused() {
        return httpStatus == 401 || httpStatus == 403;
    }

    /**
     * True when the registry gave no answer about the schema: unreachable, failing (5xx), overloaded, refusing the
     * credentials ({@link #isCredentialsRefused}), or something other than a registry answering. Only a registry's
     * not-found ({@link #isNotFound}), 409 (incompatible), 422 (invalid) and a schema that cannot be used
     * ({@link #unusableSchema}) are answers.
     */
    public boolean isUnavailable() {
        return !unusableAnswer && !isNotFound() && httpStatus != 409 && httpStatus != 422;
    }
}
