package org.omnireward.judge;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.RetriableException;
import org.omnireward.runtime.endpoint.Credentials;
import org.omnireward.runtime.endpoint.EndpointUrl;
import org.omnireward.runtime.endpoint.ReplicaSet;
import org.omnireward.runtime.endpoint.ReplicaStats;

/**
 * Where a chat backend's requests go: one or several replicas of one server ({@link ReplicaSet}: the
 * least-loaded healthy one; a replica failing with a connection error or a 5xx is taken out for a while
 * and offered again later), each with its request URL and headers prepared once. A request that cannot
 * reach its replica (refused, unroutable, connect timeout, broken connection) or gets 502/503/504 is
 * sent to another healthy replica, each at most once per call; other failures are the caller's to
 * retry. A base URL's user-info becomes a {@code Basic} authorization header; every message passes
 * through the endpoint's {@link Credentials}. Thread-safe.
 */
final class ChatEndpoint {

    private final ReplicaSet<Replica> replicas;
    private final HttpTransport http;
    private final String serviceKind;
    private final String model;
    private final Credentials credentials;
    private final String keyHint;
    private final String notFoundHint;
    private final Duration timeout;
    private final Clock clock;

    /** One replica: its display name, request URL and headers. */
    record Replica(EndpointUrl url, URL requestUrl, List<String[]> headers) {}

    /**
     * @param urls the replicas' base URLs
     * @param suffix the path requests go to under each base URL, e.g. {@code chat/completions}
     * @param serviceKind how messages name the service, e.g. {@code chat endpoint}
     * @param headers headers every request carries (the API key among them)
     * @param authorizationTaken whether {@code headers} already hold an {@code Authorization} header (then a
     *     base URL with user-info is refused: both would be the same header)
     * @param credentials the secrets to mask (API key and the URLs' secrets)
     * @param keyHint where the key came from, for authentication errors (never the key)
     * @param notFoundHint what to check on a 404
     */
    ChatEndpoint(
            List<EndpointUrl> urls,
            String suffix,
            String serviceKind,
            String model,
            List<String[]> headers,
            boolean authorizationTaken,
            Credentials credentials,
            String keyHint,
            String notFoundHint,
            Duration timeout,
            Clock clock) {
        List<Replica> rs = new ArrayList<>(urls.size());
        for (EndpointUrl u : urls) {
            List<String[]> h = new ArrayList<>(headers);
            if (u.hasUserInfo()) {
                if (authorizationTaken) {
                    throw new InvalidInputException(
                            "model option base-url " + u.display() + " carries user:password and an "
                                    + "API key is set too; both would be the Authorization header: remove one ("
                                    + keyHint + ")");
                }
                h.add(new String[] {"Authorization", u.basicAuthorization().orElseThrow()});
            }
            URL request;
            try {
                request = URI.create(u.requestUrl(suffix)).toURL();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new InvalidInputException("model option base-url " + u.display() + " is not a usable URL: "
                        + credentials.mask(String.valueOf(e.getMessage())));
            }
            rs.add(new Replica(u, request, List.copyOf(h)));
        }
        this.replicas = new ReplicaSet<>(rs, r -> r.url().display());
        this.http = new HttpTransport(timeout, timeout);
        this.serviceKind = serviceKind;
        this.model = model;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.keyHint = keyHint;
        this.notFoundHint = notFoundHint;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The secrets this endpoint masks. */
    Credentials credentials() {
        return credentials;
    }

    /** What identifies the server in cache keys: each replica's scheme, host, port and path, sorted. */
    String identity() {
        return String.join(
                ",",
                replicas.targets().stream()
                        .map(r -> r.url().identity())
                        .sorted()
                        .toList());
    }

    /** The replicas as messages may name them (credentials masked). */
    String display() {
        List<Replica> t = replicas.targets();
        return t.size() == 1
                ? t.get(0).url().display()
                : t.size() + " replicas ("
                        + String.join(
                                ", ", t.stream().map(r -> r.url().display()).toList()) + ")";
    }

    List<ReplicaStats> stats() {
        return replicas.stats();
    }

    private String service(Replica r) {
        return serviceKind + " " + r.url().display() + " (model " + model + ")";
    }

    /**
     * POSTs {@code body} and returns the 2xx answer's body.
     *
     * @throws OmniRewardException mapped as {@link RemoteFailures} says, after failing over where that is safe
     */
    byte[] post(byte[] body) {
        ReplicaSet.Lease<Replica> lease = replicas.acquire();
        List<Replica> tried = new ArrayList<>(1);
        while (true) {
            Replica r = lease.target();
            tried.add(r);
            OmniRewardException failure;
            boolean failOver;
            try {
                HttpTransport.Response resp = http.post(r.requestUrl(), r.headers(), body);
                int s = resp.status();
                if (s >= 200 && s < 300) {
                    lease.succeeded();
                    return resp.body();
                }
                failure = RemoteFailures.forStatus(resp, service(r), keyHint, notFoundHint, credentials, clock);
                if (s >= 500) {
                    lease.failedUnhealthy();
                } else {
                    lease.succeeded();
                }
                failOver = s == 502 || s == 503 || s == 504;
            } catch (IOException e) {
                failure = RemoteFailures.forIo(e, service(r), timeout, credentials);
                boolean slow = e instanceof java.net.SocketTimeoutException && !RemoteFailures.unreachable(e);
                if (slow) {
                    lease.finished(); // busy, not down: sending it elsewhere would double the work
                } else {
                    lease.failedUnhealthy();
                }
                failOver = !slow;
            } catch (RuntimeException e) {
                lease.finished();
                throw new RetriableException(
                        service(r) + ": call failed (" + e.getClass().getSimpleName() + ": "
                                + credentials.mask(String.valueOf(e.getMessage())) + ")",
                        e);
            }
            if (!failOver) {
                throw failure;
            }
            var next = replicas.acquireAnother(tried);
            if (next.isEmpty()) {
                throw failure;
            }
            lease = next.get();
        }
    }

    /** The exception for a 2xx answer that is not the JSON expected: retriable, its start quoted with secrets masked. */
    RetriableException notJson(String service, String expected, byte[] answer, Exception cause) {
        String start = new String(answer, 0, Math.min(answer.length, 400), java.nio.charset.StandardCharsets.UTF_8);
        return new RetriableException(
                service + " sent an answer that is not " + expected + ": "
                        + RemoteFailures.shorten(credentials.mask(start)),
                cause);
    }

    /** Writes every field of {@code fields} (model option extra-body) into the object being generated; nothing for null. */
    static void writeFields(
            com.fasterxml.jackson.core.JsonGenerator g, com.fasterxml.jackson.databind.node.ObjectNode fields)
            throws IOException {
        if (fields == null) {
            return;
        }
        for (var it = fields.fields(); it.hasNext(); ) {
            var e = it.next();
            g.writeFieldName(e.getKey());
            g.writeTree(e.getValue());
        }
    }
}
