package io.streamcast.app.http;

import io.streamcast.app.ops.KeyStateLookup;

/**
 * Where a query for a key's state is answered: from this instance's stores, or an instance's answer relayed. A
 * client's query is asked of at most two instances: the owner of the key's partition and, when that one does not
 * hold the key or cannot answer for it, the owner of the key's second candidate
 * ({@link KeyStateLookup#secondCandidate}), never the same one twice, as {@link KeyStateLookup#lookup} does for the
 * stores of this instance. Neither is asked while this instance already waits on {@link PeerClient#MAX_IN_FLIGHT}
 * forwarded queries: the client hears so at once. A query another instance forwarded is answered from this
 * instance's stores alone, so that two instances with different views of the assignment during a rebalance cannot
 * pass it back and forth.
 */
final class KeyStateSearch {

    private final KeyStateLookup lookup;
    private final PeerClient peers;

    KeyStateSearch(KeyStateLookup lookup, PeerClient peers) {
        this.lookup = lookup;
        this.peers = peers;
    }

    /**
     * @param path      the key's path (encoded) as the other instances serve it
     * @param forwarded who forwarded this query, and for which candidate; null for a client's own
     */
    Outcome find(byte[] key, String path, Forwarding forwarded) {
        if (forwarded != null) {
            return new Outcome(forwarded.secondCandidate() ? lookup.secondCandidateHere(key) : lookup.lookupHere(key),
                    null);
        }
        KeyStateLookup.Result result = lookup.lookup(key);
        if (result instanceof KeyStateLookup.Unavailable || result instanceof KeyStateLookup.Unreadable) {
            // this instance cannot answer for the key's first candidate, and has read its second when it owns it
            // (asked: itself): another's second is asked as it is after another first owner's failure
            return afterFailure(result, lookup.secondCandidate(key, lookup.self()), path);
        }
        if (!(result instanceof KeyStateLookup.Remote remote)) {
            return new Outcome(result, null);
        }
        // a Remote that is not the key's first candidate is its second, the key missing from the first here
        PeerClient.Answer firsts = peers.get(remote.owner(), path, lookup.self(), !remote.firstCandidate());
        Response owners = firsts.response();
        // busy: this instance waits on as many forwarded queries as it takes, and asked no one; asking the second
        // candidate's owner, should a place be free by then, would add a query while the instances are overloaded
        if (firsts.busy() || owners.status() == 200 || !remote.firstCandidate()) {
            return new Outcome(null, owners);
        }
        KeyStateLookup.Result second = lookup.secondCandidate(key, remote.owner());
        if (owners.status() == 404) {
            if (second instanceof KeyStateLookup.Remote other) {
                return new Outcome(null, peers.get(other.owner(), path, lookup.self(), true).response());
            }
            return second instanceof KeyStateLookup.Missing ? new Outcome(null, owners) : new Outcome(second, null);
        }
        return afterFailure(new Outcome(null, owners), second, path);
    }

    /**
     * The answer once the first candidate's owner, another instance or this one ({@code firsts} then its own
     * result), answered neither the key's state nor 404: its store damaged
     * (500), restoring or rebalancing (503), or not reached in time (502/504); not this instance's own 503 when it
     * already waits on {@link PeerClient#MAX_IN_FLIGHT} forwarded queries, which is answered at once. A librdkafka
     * producer's key is kept in its second candidate, which may be read, so only the key's state found there replaces
     * that failure: a 404 or a failure there does not, as the key may be in the first.
     *
     * <p>Why asking on after a 504 is bounded enough: a client may now wait for two timeouts
     * ({@code http.query.timeout.ms} each), as it already could when the first owner answered 404 just within its
     * timeout and the second's took its own; and each call takes one of the {@link PeerClient#MAX_IN_FLIGHT} places
     * while it waits and gives it back before the next, so no more of the HTTP server's threads wait on other
     * instances at once than before, and as many are left for the probes.
     *
     * @param second the key's second candidate, missing when it has none or its owner is the one asked already
     */
    private Outcome afterFailure(Outcome firsts, KeyStateLookup.Result second, String path) {
        if (second instanceof KeyStateLookup.Remote other) {
            Response seconds = peers.get(other.owner(), path, lookup.self(), true).response();
            return seconds.status() == 200 ? new Outcome(null, seconds) : firsts;
        }
        return second instanceof KeyStateLookup.Found ? new Outcome(second, null) : firsts;
    }

    /** {@link #afterFailure(Outcome, KeyStateLookup.Result, String)} after this instance's own failure. */
    private Outcome afterFailure(KeyStateLookup.Result firsts, KeyStateLookup.Result second, String path) {
        return afterFailure(new Outcome(firsts, null), second, path);
    }

    /**
     * @param result  what this instance's stores say, when it answers itself: a {@link KeyStateLookup.Remote} only
     *                for a forwarded query, which is not passed on
     * @param relayed otherwise, the answer of the instance asked
     */
    record Outcome(KeyStateLookup.Result result, Response relayed) {
    }
}
