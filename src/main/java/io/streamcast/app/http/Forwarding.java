package io.streamcast.app.http;

import com.sun.net.httpserver.Headers;

/**
 * Who forwarded a query for a key's state, and for which of the key's candidate partitions: the one Kafka Streams
 * names, or the second ({@link PeerClient#CANDIDATE_HEADER}).
 *
 * @param by the forwarding instance's address, as it gave it
 */
record Forwarding(String by, boolean secondCandidate) {

    /** The forwarding named by a request's headers, or null for a client's own query. */
    static Forwarding of(Headers headers) {
        String by = headers.getFirst(PeerClient.FORWARDED_BY_HEADER);
        return by == null ? null
                : new Forwarding(by, PeerClient.SECOND_CANDIDATE.equals(headers.getFirst(PeerClient.CANDIDATE_HEADER)));
    }
}
