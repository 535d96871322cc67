package io.streamcast.codec;

/**
 * One component's part of a stored state (the scaler's, the network's, the detector's...), which that component
 * writes and reads itself. A {@link SectionedCodec} frames each section with its id, its version and its length,
 * so components evolve their formats independently: a reader meets only payloads of its own section and learns
 * the version they were written with.
 *
 * <p>Rules that keep stored states readable across releases:
 * <ul>
 *   <li>an id is given once and never reused for another meaning, even after its section is dropped;</li>
 *   <li>any change to the payload's layout or meaning raises {@link #version()}, and {@link #read} keeps reading
 *       every version released before (migrating it), or returns false for one it chooses to restart from;</li>
 *   <li>each released version keeps a golden file in the tests, which must go on loading.</li>
 * </ul>
 *
 * @param <S> the working state the section is part of
 */
public interface StateSection<S> {

    /** This section's id within its codec, 1 to 255. */
    int id();

    /** The version {@link #write} writes, 1 to 255. */
    int version();

    /** A short name for messages and documentation. */
    String name();

    /**
     * Whether the state as a whole cannot go on without this section. When an essential section is missing or does
     * not fit, the whole state starts afresh; any other section just {@link #reset}s itself.
     */
    default boolean essential() {
        return false;
    }

    /**
     * Whether a state without this section is one stored before the section existed, whose component then starts
     * empty without the state counting as partly reset: a section added later that no earlier state could hold. A
     * state that has it can still be read by an earlier release, which skips the section's id as unknown.
     */
    default boolean emptyWhenAbsent() {
        return false;
    }

    /** Writes this component's part of {@code state}. Must not allocate per call. */
    void write(S state, BinaryWriter out);

    /**
     * Reads a payload written with {@code version} (at most {@link #version()}) into {@code state}, consuming it
     * exactly. Must not allocate per call.
     *
     * @return false when the payload is well formed but cannot be continued under the current settings (another
     *     size, say); the codec then resets this section, or the whole state when the section is essential
     * @throws UndecodableStateException when the bytes are malformed
     */
    boolean read(S state, BinaryReader in, int version);

    /** Puts this component's part of {@code state} back to that of a key never seen. */
    void reset(S state);
}
