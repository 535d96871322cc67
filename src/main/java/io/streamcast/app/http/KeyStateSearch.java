package io.streamcast.app.http;

import io.streamcast.app.ops.KeyStateLookup;

/**
 * Where a query for a key's state is answered: from this instance's stores, or an instance's answer relayed. A
 * client's query is asked of at most two instances: the owner of the key's partition and, when that one does not
 * hold the key, the owner of the key's second candidate ({@link KeyStateLookup#secondCandidate}), never the same
 * one twice. A query another instance forwarded is answered from this instance's stores alone, so that two
 * instances with different views of the assignment during a rebalance cannot pass it back and forth.
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
        if (!(result instanceof KeyStateLookup.Remote remote)) {
            return new Outcome(result, null);
        }
        // a Remote that is not the key's first candidate is its second, the key missing from the first here
        Response owners = peers.get(remote.owner(), path, lookup.self(), !remote.firstCandidate());
        // only a 404 says the key is not there: a 503 (this instance waits on too many forwarded queries already, or
        // the owner restores) or a 502/504 may hide it, and a 404 then would say no event of it was accepted
        if (owners.status() != 404 || !remote.firstCandidate()) {
            return new Outcome(null, owners);
        }
        KeyStateLookup.Result second = lookup.secondCandidate(key, remote.owner());
        if (second instanceof KeyStateLookup.Remote other) {
            return new Outcome(null, peers.get(other.owner(), path, lookup.self(), true));
        }
        return second instanceof KeyStateLookup.Missing ? new Outcome(null, owners) : new Outcome(second, null);
    }

    /**
     * @param result  what this instance's stores say, when it answers itself: a {@link KeyStateLookup.Remote} only
     *                for a forwarded query, which is not passed on
     * @param relayed otherwise, the answer of the instance asked
     */
    record Outcome(KeyStateLookup.Result result, Response relayed) {
    }
}
