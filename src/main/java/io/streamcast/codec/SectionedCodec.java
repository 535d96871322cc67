package io.streamcast.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * A binary state format made of independently versioned sections, one per component.
 *
 * <pre>
 * state   := magic (1 byte) format-version (1 byte) section-count (varint) section*
 * section := id (1 byte) version (1 byte) length (varint) payload (length bytes)
 * </pre>
 *
 * Sections are written in the order given. Reading is tolerant where it can be and strict where it must be: a
 * section id this codec does not know (written by a later release) is skipped; a section that is missing, has a
 * version newer than this codec writes, or says it does not fit is reset (see {@link StateSection#essential()}),
 * and one added later, missing from a state stored before it, starts empty ({@link StateSection#emptyWhenAbsent()});
 * bytes that are not in the format at all, a state with more or fewer sections than its count says, or a section whose
 * payload is malformed or not consumed exactly, fail with {@link UndecodableStateException}. Encoding and decoding
 * allocate nothing but the returned array.
 *
 * <p>Not thread-safe: one per thread.
 *
 * @param <S> the working state
 */
public final class SectionedCodec<S> {

    /** How a decode went. */
    public enum Outcome {
        /** Every section read. */
        LOADED,
        /** The state was read, but some non-essential sections were reset. */
        PARTLY_RESET,
        /** An essential section was missing or did not fit; the state starts afresh. */
        RESET
    }

    private final int magic;
    private final int formatVersion;
    private final StateSection<S>[] sections;
    private final StateSection<S>[] byId;
    private final BinaryWriter writer = new BinaryWriter();
    private final BinaryReader reader = new BinaryReader();
    private final boolean[] seen;
    private final List<String> unfit = new ArrayList<>();

    /**
     * @param magic         the first byte of every state in this format, chosen to differ from the first byte of
     *                      any earlier format of the same store
     * @param formatVersion the framing's version (not the sections'); raise it only if the framing itself changes
     */
    @SuppressWarnings("unchecked")
    public SectionedCodec(int magic, int formatVersion, List<? extends StateSection<S>> sections) {
        this.magic = magic & 0xff;
        this.formatVersion = formatVersion;
        this.sections = sections.toArray(new StateSection[0]);
        this.byId = new StateSection[256];
        for (StateSection<S> section : this.sections) {
            if (section.id() < 1 || section.id() > 255 || section.version() < 1 || section.version() > 255) {
                throw new IllegalArgumentException("section " + section.name() + " has id " + section.id()
                        + " and version " + section.version() + "; both must be in [1, 255]");
            }
            if (byId[section.id()] != null) {
                throw new IllegalArgumentException("sections " + byId[section.id()].name() + " and "
                        + section.name() + " share id " + section.id());
            }
            byId[section.id()] = section;
        }
        this.seen = new boolean[256];
    }

    /** Whether {@code stored} starts like a state of this format. */
    public boolean recognises(byte[] stored) {
        return stored.length >= 2 && (stored[0] & 0xff) == magic;
    }

    /** The stored form of {@code state}. */
    public byte[] encode(S state) {
        writeTo(state, writer);
        return writer.toByteArray();
    }

    /** Writes the stored form of {@code state} into {@code out}, after resetting it. */
    public void writeTo(S state, BinaryWriter out) {
        out.reset();
        out.writeByte(magic);
        out.writeByte(formatVersion);
        out.writeVarLong(sections.length);
        for (StateSection<S> section : sections) {
            out.writeByte(section.id());
            out.writeByte(section.version());
            int mark = out.startBlock();
            section.write(state, out);
            out.endBlock(mark);
        }
    }

    /**
     * Reads {@code stored} into {@code state}, which is overwritten whatever the outcome.
     *
     * @throws UndecodableStateException when the bytes are not a state in this format
     */
    public Outcome decode(byte[] stored, S state) {
        if (!recognises(stored)) {
            throw new UndecodableStateException("not a stored state: " + stored.length + " bytes, first byte "
                    + (stored.length == 0 ? "none" : String.valueOf(stored[0] & 0xff)) + ", expected " + magic);
        }
        if ((stored[1] & 0xff) != formatVersion) {
            throw new UndecodableStateException("state format version " + (stored[1] & 0xff)
                    + " is not the known version " + formatVersion);
        }
        java.util.Arrays.fill(seen, false);
        unfit.clear();
        BinaryReader in = reader.reset(stored, 2, stored.length);
        boolean partly = false;
        boolean reset = false;
        int count = in.readCount(255);
        for (int s = 0; s < count; s++) {
            int id = in.readByte();
            int version = in.readByte();
            int length = in.readCount(in.remaining());
            int end = in.position() + length;
            StateSection<S> section = byId[id];
            if (section == null) {
                in.skip(length);
                continue;
            }
            if (seen[id]) {
                throw new UndecodableStateException("section " + section.name() + " appears twice");
            }
            seen[id] = true;
            boolean fits = version >= 1 && version <= section.version();
            if (fits) {
                int outer = in.limitTo(end);
                try {
                    fits = section.read(state, in, version);
                    if (!fits) {
                        in.skip(in.remaining());
                    } else if (in.remaining() != 0) {
                        throw new UndecodableStateException("section " + section.name() + " version " + version
                                + " left " + in.remaining() + " of its " + length + " bytes unread");
                    }
                } catch (UndecodableStateException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new UndecodableStateException("section " + section.name() + " version " + version
                            + " cannot be read: " + e, e);
                } finally {
                    in.restoreLimit(outer);
                }
            } else {
                in.skip(length);
            }
            if (!fits) {
                reset |= section.essential();
                partly = true;
                unfit.add(section.name());
                section.reset(state);
            }
        }
        if (in.remaining() != 0) {
            throw new UndecodableStateException(in.remaining() + " bytes left over after " + count + " sections");
        }
        for (StateSection<S> section : sections) {
            if (!seen[section.id()] && section.emptyWhenAbsent()) {
                section.reset(state);
            } else if (!seen[section.id()]) {
                reset |= section.essential();
                partly = true;
                unfit.add(section.name() + " (absent)");
                section.reset(state);
            }
        }
        if (reset) {
            for (StateSection<S> section : sections) {
                section.reset(state);
            }
            return Outcome.RESET;
        }
        return partly ? Outcome.PARTLY_RESET : Outcome.LOADED;
    }

    /** The sections the last {@link #decode} found absent or not fitting the settings, and so reset. */
    public List<String> unfitSections() {
        return List.copyOf(unfit);
    }

    /** Resets every section: the state of a key never seen. */
    public void reset(S state) {
        for (StateSection<S> section : sections) {
            section.reset(state);
        }
    }
}
