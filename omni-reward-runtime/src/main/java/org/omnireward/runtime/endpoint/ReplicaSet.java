package org.omnireward.runtime.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The replicas of one served model (data-parallel vLLM servers, one per GPU group) and which one the
 * next request goes to: the healthy replica with the fewest requests in flight, ties taken in turn.
 * A replica whose request fails with a connection error or a 5xx ({@link Lease#failedUnhealthy()}) is
 * taken out for a while (1 s the first time, doubling each time it fails again before a success, at most
 * 30 s; requests that were already in flight when it was taken out do not extend that time); when that time is over it is offered again, and a success puts it fully back. When every
 * replica is out, the one whose time ends first is used anyway, so a single-replica client behaves as
 * it would without this class. Thread-safe.
 *
 * @param <T> what a replica is to its client (a base URL, a prepared endpoint)
 */
public final class ReplicaSet<T> {

    /** How long a replica is out after its first failure in a row. */
    public static final Duration FIRST_EJECTION = Duration.ofSeconds(1);
    /** The longest a replica stays out. */
    public static final Duration MAX_EJECTION = Duration.ofSeconds(30);

    private final List<Replica<T>> replicas;
    private final LongSupplier nanoClock;
    private int turn;

    /**
     * @param targets the replicas, in configured order (at least one)
     * @param label how reports name each (credentials masked)
     */
    public ReplicaSet(Collection<T> targets, Function<T, String> label) {
        this(targets, label, System::nanoTime);
    }

    /** For tests: time from {@code nanoClock}. */
    public ReplicaSet(Collection<T> targets, Function<T, String> label, LongSupplier nanoClock) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one replica is needed");
        }
        List<Replica<T>> r = new ArrayList<>(targets.size());
        for (T t : targets) {
            r.add(new Replica<>(Objects.requireNonNull(t, "target"), label.apply(t)));
        }
        this.replicas = List.copyOf(r);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** How many replicas there are. */
    public int size() {
        return replicas.size();
    }

    /** The replicas' targets, in configured order. */
    public List<T> targets() {
        return replicas.stream().map(r -> r.target).toList();
    }

    /** A lease on the replica the next request should go to. */
    public Lease<T> acquire() {
        return acquireExcept(List.of());
    }

    /**
     * A lease on the best replica other than those already tried in this call, or empty when every
     * healthy replica has been tried (a failed request is sent to each healthy replica at most once).
     */
    public java.util.Optional<Lease<T>> acquireAnother(Collection<T> tried) {
        synchronized (this) {
            long now = nanoClock.getAsLong();
            boolean any = false;
            for (Replica<T> r : replicas) {
                if (!tried.contains(r.target) && r.healthyAt(now)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(acquireExcept(tried));
        }
    }

    private synchronized Lease<T> acquireExcept(Collection<T> tried) {
        long now = nanoClock.getAsLong();
        Replica<T> best = null;
        int n = replicas.size();
        int start = turn;
        turn = (turn + 1) % n;
        for (int i = 0; i < n; i++) {
            Replica<T> r = replicas.get((start + i) % n);
            if (tried.contains(r.target) || !r.healthyAt(now)) {
                continue;
            }
            if (best == null || r.inFlight < best.inFlight) {
                best = r;
            }
        }
        if (best == null) { // all out (or tried): the one back soonest
            for (Replica<T> r : replicas) {
                if (best == null || r.outUntil < best.outUntil) {
                    best = r;
                }
            }
        }
        best.inFlight++;
        best.requests++;
        return new Lease<>(this, best);
    }

    private synchronized void release(Replica<T> r, Outcome outcome) {
        r.inFlight--;
        switch (outcome) {
            case OK -> r.consecutiveEjections = 0;
            case UNHEALTHY -> {
                r.failed++;
                long now = nanoClock.getAsLong();
                if (r.healthyAt(now)) { // requests already in flight when it was taken out do not extend its time
                    r.consecutiveEjections++;
                    int shift = Math.min(r.consecutiveEjections - 1, 20);
                    r.outUntil = now + Math.min(MAX_EJECTION.toNanos(), FIRST_EJECTION.toNanos() << shift);
                    r.ejections++;
                }
            }
            case OTHER -> {}
        }
    }

    /** How each replica was used, in configured order. */
    public synchronized List<ReplicaStats> stats() {
        long now = nanoClock.getAsLong();
        List<ReplicaStats> out = new ArrayList<>(replicas.size());
        for (Replica<T> r : replicas) {
            out.add(new ReplicaStats(r.label, r.requests, r.failed, r.ejections, r.healthyAt(now)));
        }
        return out;
    }

    private enum Outcome {
        OK,
        UNHEALTHY,
        OTHER
    }

    private static final class Replica<T> {
        final T target;
        final String label;
        int inFlight;
        long requests;
        long failed;
        int ejections;
        int consecutiveEjections;
        long outUntil = Long.MIN_VALUE;

        Replica(T target, String label) {
            this.target = target;
            this.label = label;
        }

        boolean healthyAt(long now) {
            return outUntil == Long.MIN_VALUE || now - outUntil >= 0;
        }
    }

    /**
     * One request's hold on a replica; exactly one of {@link #succeeded()}, {@link #failedUnhealthy()}
     * or {@link #finished()} must be called (later calls are ignored).
     */
    public static final class Lease<T> {
        private final ReplicaSet<T> set;
        private final Replica<T> replica;
        private boolean done;

        private Lease(ReplicaSet<T> set, Replica<T> replica) {
            this.set = set;
            this.replica = replica;
        }

        /** The replica to send to. */
        public T target() {
            return replica.target;
        }

        /** The request got an answer the replica is healthy for (any 2xx or 4xx). */
        public void succeeded() {
            end(Outcome.OK);
        }

        /** The request failed with a connection error, a connect timeout or a 5xx: take the replica out for a while. */
        public void failedUnhealthy() {
            end(Outcome.UNHEALTHY);
        }

        /** The request ended in a way that says nothing about the replica's health (e.g. it was abandoned). */
        public void finished() {
            end(Outcome.OTHER);
        }

        private void end(Outcome o) {
            synchronized (set) {
                if (done) {
                    return;
                }
                done = true;
            }
            set.release(replica, o);
        }
    }
}
