package org.omnireward.server;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads every request body before a route sees it, without holding a thread while the bytes are on
 * their way (Jetty's demand callbacks), so a slow or stalled client costs a connection and the bytes
 * it sent, never a worker thread. The rules, each answered with a JSON error and the connection
 * closed:
 *
 * <ul>
 *   <li>memory grows with the bytes received, never with a declared {@code Content-Length}; a
 *       declared length over {@code --max-body-bytes} is refused at once (413), and so is a body
 *       that grows past it;</li>
 *   <li>all bodies held at once (being read, parsed or scored) share one budget,
 *       {@code --max-inflight-body-bytes}; a body that does not fit gets 503 {@code busy};</li>
 *   <li>at most {@code --max-body-readers} bodies are read at once (a body that came with its
 *       headers takes no place); when all places are taken the slowest reader (by bytes per second, of
 *       those reading for at least 250 ms) is cut off (408) to make room, else the new request gets
 *       503 {@code busy};</li>
 *   <li>a body must arrive within the request deadline ({@code --request-timeout}, counted from the
 *       request's headers) and, after a grace period of {@link #GRACE_NANOS}, at
 *       {@code --min-body-rate} bytes per second on average: else 408 {@code body_timeout};</li>
 *   <li>a client that goes away mid-body or sends bad chunked framing gets one WARN line in the log
 *       (never a stack trace) and, when it can still read one, a 400.</li>
 * </ul>
 * A complete body is handed on as a {@link RequestBody} in the request attribute {@link #BODY}.
 */
final class BodyGate extends Handler.Wrapper {

    /** The request attribute holding the {@link RequestBody}. */
    static final String BODY = "org.omnireward.server.body";

    /** The request attribute holding {@link System#nanoTime()} when the request's headers had arrived. */
    static final String HEADERS_NANOS = "org.omnireward.server.headers-nanos";

    /** How long a body may arrive below {@code --min-body-rate} before the rate is enforced. */
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    /**
     * How long a body must have been arriving before it may be cut off to make room for another: a
     * well-behaved client's body follows its headers within milliseconds.
     */
    static final long EVICTABLE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private static final int FIRST_SEGMENT = 8 * 1024;
    private static final int SEGMENT = 64 * 1024;

    /** A complete request body, kept as the segments it arrived in. */
    static final class RequestBody {
        private final List<byte[]> segments;
        private final long length;

        RequestBody(List<byte[]> segments, long length) {
            this.segments = segments;
            this.length = length;
        }

        long length() {
            return length;
        }

        InputStream stream() {
            List<InputStream> parts = new ArrayList<>(segments.size());
            long left = length;
            for (byte[] s : segments) {
                int n = (int) Math.min(s.length, left);
                parts.add(new ByteArrayInputStream(s, 0, n));
                left -= n;
            }
            return new SequenceInputStream(Collections.enumeration(parts));
        }
    }

    private final ServerSettings settings;
    private final long budgetLimit;
    private final AtomicLong budget = new AtomicLong();
    private final Set<BodyRead> reading = ConcurrentHashMap.newKeySet();
    private final AtomicInteger readers = new AtomicInteger();
    private final ServerLog log;
    private final WarnLimiter warnings;
    private final BiConsumer<Integer, String> errors;

    /**
     * @param errors told the status and code of every error this gate answers (for metrics)
     */
    BodyGate(ServerSettings settings, ServerLog log, BiConsumer<Integer, String> errors) {
        this.settings = settings;
        this.budgetLimit = settings.maxInflightBodyBytes();
        this.log = log;
        this.warnings = new WarnLimiter(log);
        this.errors = errors;
    }

    /** Bytes of request bodies held now. */
    long bytesHeld() {
        return budget.get();
    }

    /** Bodies being read now. */
    int readers() {
        return readers.get();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        request.setAttribute(HEADERS_NANOS, request.getHeadersNanoTime());
        long declared = request.getLength();
        boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (declared <= 0 && !chunked) {
            return super.handle(request, response, callback);
        }
        if (declared > settings.maxBodyBytes()) {
            reject(
                    request,
                    response,
                    callback,
                    new ApiException(
                            413,
                            "too_large",
                            "the request body is " + declared + " bytes; the limit is " + settings.maxBodyBytes()
                                    + " bytes (--max-body-bytes)"));
            return true;
        }
        new BodyRead(request, response, callback, declared).run();
        return true;
    }

    private ApiException tooManyReaders() {
        return new ApiException(
                503,
                "busy",
                "the server is receiving " + readers.get() + " request bodies at once"
                        + " (--max-body-readers); retry after the delay in Retry-After",
                1);
    }

    /** Takes a reader's place, cutting off the slowest reader (of those reading for a while) when all are taken. */
    private boolean admit(BodyRead read) {
        while (true) {
            int n = readers.get();
            if (n < settings.maxBodyReaders()) {
                if (readers.compareAndSet(n, n + 1)) {
                    reading.add(read);
                    return true;
                }
                continue;
            }
            long now = System.nanoTime();
            BodyRead slowest = null;
            double slowestRate = Double.MAX_VALUE;
            for (BodyRead r : reading) {
                long age = now - r.started;
                if (age < EVICTABLE_NANOS) {
                    continue;
                }
                double rate = r.received() / (age / 1e9);
                if (rate < slowestRate) {
                    slowestRate = rate;
                    slowest = r;
                }
            }
            if (slowest == null) {
                return false;
            }
            slowest.cut(
                    new ApiException(
                            408,
                            "body_timeout",
                            "the request body arrived too slowly ("
                                    + slowest.received() + " bytes in "
                                    + TimeUnit.NANOSECONDS.toMillis(now - slowest.started)
                                    + " ms) while " + settings.maxBodyReaders()
                                    + " bodies were being read (--max-body-readers): it was"
                                    + " the slowest and made room for another"),
                    "cut off as the slowest of " + settings.maxBodyReaders() + " bodies being read");
            // its place is freed by cut(); try again
        }
    }

    private void leave(BodyRead read) {
        if (reading.remove(read)) {
            readers.decrementAndGet();
        }
    }

    private boolean reserve(long n) {
        while (true) {
            long used = budget.get();
            if (used + n > budgetLimit) {
                return false;
            }
            if (budget.compareAndSet(used, used + n)) {
                return true;
            }
        }
    }

    private void release(long n) {
        if (n > 0) {
            budget.addAndGet(-n);
        }
    }

    private void reject(Request request, Response response, Callback callback, ApiException e) {
        errors.accept(e.status(), e.code());
        writeError(request, response, callback, e, true);
    }

    /** Writes {@code e} as the JSON answer; {@code close} adds {@code Connection: close} (the body was not read). */
    static void writeError(Request request, Response response, Callback callback, ApiException e, boolean close) {
        if (response.isCommitted()) {
            callback.failed(e);
            return;
        }
        try {
            response.setStatus(e.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            if (e.retryAfterSeconds() > 0) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            }
            if (close) {
                response.getHeaders().put(new HttpField(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString()));
            }
            response.write(true, ByteBuffer.wrap(e.json()), callback);
        } catch (RuntimeException x) {
            callback.failed(x);
        }
    }

    /** One body on its way in. */
    private final class BodyRead implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final long declared;
        private final long started = System.nanoTime();
        private final long deadline;
        private final List<byte[]> segments = new ArrayList<>();
        private byte[] current;
        private int pos;
        private long received;
        private long reserved;
        private boolean finished;
        private Scheduler.Task timer;
        /** Whether this read had to wait for bytes (and so holds a reader's place and a timer). */
        private boolean waiting;

        BodyRead(Request request, Response response, Callback callback, long declared) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.declared = declared;
            this.deadline =
                    request.getHeadersNanoTime() + settings.requestTimeout().toNanos();
        }

        synchronized long received() {
            return received;
        }

        private void schedule() {
            Scheduler scheduler = getServer().getScheduler();
            long left = deadline - System.nanoTime();
            long next = Math.max(1, Math.min(CHECK_NANOS, left));
            synchronized (this) {
                if (!finished) {
                    timer = scheduler.schedule(this::check, next, TimeUnit.NANOSECONDS);
                }
            }
        }

        /** Reads what has arrived; asks to be called again when more does. */
        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    synchronized (this) {
                        if (finished) {
                            return;
                        }
                    }
                    if (!waiting) {
                        // the body did not come with the headers: from now on it takes a reader's place
                        waiting = true;
                        if (!admit(this)) {
                            cut(tooManyReaders(), null);
                            return;
                        }
                        schedule();
                    }
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    failed(chunk.getFailure());
                    return;
                }
                ApiException refused;
                boolean last = chunk.isLast();
                synchronized (this) {
                    refused = finished ? null : take(chunk.getByteBuffer());
                }
                chunk.release();
                if (refused != null) {
                    cut(refused, null);
                    return;
                }
                synchronized (this) {
                    if (finished) {
                        return;
                    }
                }
                if (last) {
                    complete();
                    return;
                }
            }
        }

        /** Copies the bytes of one chunk; the error to answer when they break a limit. Holds the lock. */
        private ApiException take(ByteBuffer b) {
            int n = b.remaining();
            if (n == 0) {
                return null;
            }
            if (received + n > settings.maxBodyBytes()) {
                return new ApiException(
                        413,
                        "too_large",
                        "the request body is larger than the limit of " + settings.maxBodyBytes()
                                + " bytes (--max-body-bytes)");
            }
            if (!reserve(n)) {
                return new ApiException(
                        503,
                        "busy",
                        "the server holds " + budget.get() + " bytes of request bodies,"
                                + " its limit (--max-inflight-body-bytes); retry after the delay in Retry-After",
                        1);
            }
            reserved += n;
            while (b.hasRemaining()) {
                if (current == null || pos == current.length) {
                    long expected = declared > 0 ? declared - received : (segments.isEmpty() ? FIRST_SEGMENT : SEGMENT);
                    current = new byte[(int) Math.max(1, Math.min(SEGMENT, expected))];
                    segments.add(current);
                    pos = 0;
                }
                int k = Math.min(b.remaining(), current.length - pos);
                b.get(current, pos, k);
                pos += k;
                received += k;
            }
            return null;
        }

        /** The timer: the deadline and the minimum rate. */
        private void check() {
            long now = System.nanoTime();
            long got;
            synchronized (this) {
                if (finished) {
                    return;
                }
                got = received;
            }
            long elapsed = now - started;
            if (now - deadline >= 0) {
                cut(
                        new ApiException(
                                408,
                                "body_timeout",
                                "the request body did not arrive within "
                                        + settings.requestTimeout().toMillis() + " ms (--request-timeout): " + got
                                        + " of "
                                        + (declared > 0 ? declared + " bytes" : "? bytes (chunked)") + " received"),
                        "body not complete by the request deadline");
                return;
            }
            long minRate = settings.minBodyRate();
            if (minRate > 0 && elapsed > GRACE_NANOS) {
                double needed = minRate * ((elapsed - GRACE_NANOS) / 1e9);
                if (got < needed) {
                    cut(
                            new ApiException(
                                    408,
                                    "body_timeout",
                                    "the request body arrives too slowly: " + got + " bytes in "
                                            + TimeUnit.NANOSECONDS.toMillis(elapsed) + " ms; the server needs "
                                            + minRate
                                            + " bytes per second after the first "
                                            + TimeUnit.NANOSECONDS.toSeconds(GRACE_NANOS)
                                            + " s (--min-body-rate)"),
                            "body too slow");
                    return;
                }
            }
            schedule();
        }

        /** Ends this read: true for the one caller that may answer. */
        private boolean finish() {
            Scheduler.Task t;
            long held;
            synchronized (this) {
                if (finished) {
                    return false;
                }
                finished = true;
                t = timer;
                held = reserved;
                reserved = 0;
                segments.clear();
                current = null;
            }
            if (t != null) {
                t.cancel();
            }
            leave(this);
            release(held);
            return true;
        }

        /** Stops reading and answers {@code e}; {@code why} (when given) goes to the log as one WARN line. */
        void cut(ApiException e, String why) {
            if (!finish()) {
                return;
            }
            if (why != null) {
                warnings.warn(e.status() + " " + e.code() + " from " + Request.getRemoteAddr(request) + " "
                        + request.getMethod() + " " + path() + ": " + why + " (" + received() + " bytes received)");
            }
            reject(request, response, callback, e);
        }

        private void failed(Throwable failure) {
            if (failure instanceof org.eclipse.jetty.io.EofException) {
                // the connection ended inside the body: the client went away, or Jetty's parser gave up on a
                // malformed chunk (it reports both so); a 400 reaches a client that is still there
                cut(
                        new ApiException(
                                400,
                                "bad_request",
                                "the request body ended early: " + received() + " of "
                                        + (declared > 0 ? declared + " bytes" : "a chunked body")
                                        + " arrived (bad chunked framing,"
                                        + " or the connection was closed)"),
                        "the body ended early (" + received() + " of " + (declared > 0 ? declared : "?")
                                + " bytes): the client went away or broke the chunked framing");
                return;
            }
            if (failure instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
                String reason = h.getReason() == null ? "bad framing" : h.getReason();
                cut(
                        new ApiException(
                                h.getCode(),
                                ApiException.codeFor(h.getCode()),
                                "the request body is not valid" + " HTTP/1.1 framing: " + ApiException.echo(reason)),
                        "malformed body: " + ApiException.echo(reason));
                return;
            }
            if (failure instanceof TimeoutException) {
                cut(
                        new ApiException(
                                408, "body_timeout", "the request body stalled past the connection's idle timeout"),
                        "body stalled past the idle timeout");
                return;
            }
            // the connection broke some other way: nobody to answer
            if (!finish()) {
                return;
            }
            warnings.warn("client " + Request.getRemoteAddr(request) + " " + request.getMethod() + " " + path()
                    + ": the request body failed (" + received() + " of " + (declared > 0 ? declared : "?")
                    + " bytes): "
                    + failure.getClass().getSimpleName());
            errors.accept(400, "client_gone");
            callback.failed(failure);
        }

        private String path() {
            return ApiException.echo(request.getHttpURI().getPath());
        }

        /** The whole body is in: hand it on, keeping its bytes in the budget until the answer is written. */
        private void complete() {
            RequestBody body;
            long held;
            Scheduler.Task t;
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
                t = timer;
                body = new RequestBody(List.copyOf(segments), received);
                held = reserved;
                reserved = 0;
            }
            if (t != null) {
                t.cancel();
            }
            leave(this);
            request.setAttribute(BODY, body);
            Callback done = releasing(held);
            Request consumed = consumed(request);
            try {
                if (!BodyGate.super.handle(consumed, response, done)) {
                    writeError(
                            request,
                            response,
                            done,
                            new ApiException(404, "not_found", "no endpoint " + request.getMethod() + " " + path()),
                            false);
                }
            } catch (Throwable x) {
                done.failed(x);
            }
        }

        /** {@link #callback}, releasing {@code held} body bytes of the in-flight budget first, however it ends. */
        private Callback releasing(long held) {
            return new Callback() {
                @Override
                public void succeeded() {
                    release(held);
                    callback.succeeded();
                }

                @Override
                public void failed(Throwable x) {
                    release(held);
                    callback.failed(x);
                }

                @Override
                public InvocationType getInvocationType() {
                    return callback.getInvocationType();
                }
            };
        }

        /** {@code request} with its body already read: the handlers find it in the {@code BODY} attribute, not in the stream. */
        private static Request consumed(Request request) {
            return new Request.Wrapper(request) {
                @Override
                public Content.Chunk read() {
                    return Content.Chunk.EOF;
                }

                @Override
                public void demand(Runnable demandCallback) {
                    demandCallback.run();
                }

                @Override
                public boolean consumeAvailable() {
                    return true;
                }
            };
        }
    }

    /**
     * At most {@link #PER_SECOND} warning lines a second: an attacker who aborts thousands of bodies
     * cannot flood the log; the next line that passes says how many were left out.
     */
    static final class WarnLimiter {
        static final int PER_SECOND = 10;
        private final ServerLog log;
        private long second;
        private int inSecond;
        private long suppressed;

        WarnLimiter(ServerLog log) {
            this.log = log;
        }

        void warn(String line) {
            String out;
            synchronized (this) {
                long now = System.nanoTime() / 1_000_000_000L;
                if (now != second) {
                    second = now;
                    inSecond = 0;
                }
                if (++inSecond > PER_SECOND) {
                    suppressed++;
                    return;
                }
                out = suppressed > 0 ? line + " (" + suppressed + " similar warnings left out)" : line;
                suppressed = 0;
            }
            log.warn(out);
        }
    }
}
