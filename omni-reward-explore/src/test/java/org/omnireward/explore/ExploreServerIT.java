package org.omnireward.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Preference;
import org.omnireward.core.Task;
import org.omnireward.server.BearerToken;

/**
 * The explorer over HTTP, as a hostile client sees it: every page answers with the Content-Security-Policy and
 * with payload markup escaped; media come only from the data's roots (traversal by the URL or by a symbolic link
 * in the data is refused) and support ranges; a foreign Host or a cross-site form post is refused; a token, when
 * set, is needed for everything but the sign-in page. Filters return exactly the samples the fixture makes so.
 */
class ExploreServerIT {

    @TempDir
    static Path dir;

    static Path bench;
    static List<Fixtures.Sample> samples;
    static Explorer explorer;
    static ExploreServer server;
    static String base;
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        explorer = Fixtures.runsExplorer(dir);
        bench = dir.resolve("bench");
        samples = Fixtures.samples(bench);
        server = ExploreServer.start(explorer, ExploreServer.Settings.local(), System.err);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        explorer.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void every_page_answers_with_the_content_security_policy_and_no_payload_markup() throws Exception {
        String evil = "/sample/t2t?id=" + Markup.enc(Fixtures.EVIL_ID) + "&setting=no_ties";
        for (String path : List.of(
                "/runs",
                "/runs/judge",
                "/runs/scalar",
                "/tasks/t2t?setting=no_ties",
                "/tasks/t2t?setting=ties&q=rationale",
                evil,
                "/data",
                "/data/items?task=t2t",
                "/data/item/0",
                "/nope",
                "/tasks/t2t?status=%3Cscript%3E")) {
            HttpResponse<String> r = get(path);
            assertThat(r.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .contains(ExploreServer.CSP);
            assertThat(r.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .contains("nosniff");
            String body = r.body();
            for (String p : Fixtures.PAYLOADS) {
                assertThat(body).as(path).doesNotContain(p);
            }
            // payload text may appear, escaped; its markup may not
            assertThat(body)
                    .as(path)
                    .doesNotContain(Fixtures.EVIL_ID)
                    .doesNotContain("<script>")
                    .doesNotContain("<img src=x")
                    .doesNotContain("<svg onload")
                    .doesNotContain("<iframe");
            // the one script tag is the module from the jar
            assertThat(count(body, "<script")).as(path).isLessThanOrEqualTo(1);
        }
        String page = get(evil).body();
        assertThat(page).contains("Prompt &lt;script&gt;window.__pwned=1&lt;/script&gt;");
        assertThat(page).contains("Rationale");
        assertThat(get(evil).statusCode()).isEqualTo(200);
    }

    @Test
    void data_pages_of_pairs_escape_sources_provenance_and_prompts(@TempDir Path other) throws Exception {
        try (Explorer e = Explorer.data(AnnotationIT.pairs(other), Optional.empty(), null);
                ExploreServer s = ExploreServer.start(e, ExploreServer.Settings.local(), System.err)) {
            String b = "http://127.0.0.1:" + s.port();
            for (String path : List.of(
                    "/data",
                    "/data/items",
                    "/data/items?q=" + Markup.enc("<script>"),
                    "/data/item/0",
                    "/data/item/1",
                    "/data/item/2",
                    "/data/item/3")) {
                String body = HTTP.send(
                                HttpRequest.newBuilder(URI.create(b + path)).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                for (String p : Fixtures.PAYLOADS) {
                    assertThat(body).as(path).doesNotContain(p);
                }
                assertThat(body)
                        .as(path)
                        .doesNotContain("<script>")
                        .doesNotContain("<img src=x")
                        .doesNotContain("<svg onload")
                        .doesNotContain("<iframe");
            }
            String item = HTTP.send(
                            HttpRequest.newBuilder(URI.create(b + "/data/item/1"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(item).contains("data-field=\"provenance\"").contains("&lt;");
        }
    }

    @Test
    void filters_return_the_samples_the_runs_make_so() throws Exception {
        List<PredictionRecord> lines =
                PredictionsFile.read(dir.resolve("runs/judge").resolve(PredictionsFile.NAME));
        long wrongAll = 0;
        for (Task t : Task.values()) {
            for (String s : List.of("no_ties", "ties")) {
                List<PredictionRecord> mine = lines.stream()
                        .filter(l -> l.task().equals(t.id()) && l.setting().equals(s))
                        .toList();
                String list = "/tasks/" + t.id() + "?setting=" + s + "&run=judge&status=";
                long wrong = mine.stream()
                        .filter(l -> !l.failed() && !l.prediction().equals(l.label()))
                        .count();
                long failed = mine.stream().filter(PredictionRecord::failed).count();
                long unparseable =
                        mine.stream().filter(PredictionRecord::unparseable).count();
                long inconsistent = mine.stream()
                        .filter(l -> Boolean.FALSE.equals(l.swapConsistent()))
                        .count();
                assertThat(countRows(get(list + "wrong").body()))
                        .as(list + "wrong")
                        .isEqualTo(wrong);
                assertThat(countRows(get(list + "failed").body()))
                        .as(list + "failed")
                        .isEqualTo(failed);
                assertThat(countRows(get(list + "failed:unparseable").body()))
                        .as(list)
                        .isEqualTo(unparseable);
                assertThat(countRows(get(list + "inconsistent").body()))
                        .as(list)
                        .isEqualTo(inconsistent);
                assertThat(countRows(get(list + "correct").body()) + wrong + failed)
                        .as(list)
                        .isEqualTo(mine.size());
                wrongAll += wrong;
            }
        }
        assertThat(wrongAll).isPositive();
        assertThat(countRows(get("/tasks/t2t?setting=ties&label=tie").body()))
                .isEqualTo(samples.stream()
                        .filter(s -> s.task() == Task.T2T && s.label() == Preference.TIE)
                        .count());
        // text search reaches the rationale of one line only (case-insensitive)
        PredictionRecord second = lines.get(1);
        String one = get("/tasks/" + second.task() + "?setting=" + second.setting() + "&q="
                        + Markup.enc("RATIONALE #2."))
                .body();
        assertThat(countRows(one)).isEqualTo(1);
        assertThat(one).contains(Markup.text(second.id()));
        // and the prompt of the benchmark sample
        assertThat(countRows(get("/tasks/t2t?setting=no_ties&q=" + Markup.enc("prompt <script>"))
                        .body()))
                .isEqualTo(1);
        // unknown values are a clear 400, not an error page
        HttpResponse<String> bad = get("/tasks/t2t?status=bogus");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("unknown status");
        assertThat(get("/tasks/t9z").statusCode()).isEqualTo(400);
    }

    @Test
    void the_counted_predictions_are_the_summarys_including_tie_calibrated_scalar_ones() throws Exception {
        for (RunIndex.Run run : explorer.runs().runs()) {
            for (Setting setting : Setting.values()) {
                Summary.SettingSummary ss = run.summary().setting(setting);
                for (Task t : ss.evaluatedTasks()) {
                    Summary.TaskSummary ts = ss.task(t);
                    String list =
                            "/tasks/" + t.id() + "?setting=" + setting.wireName() + "&run=" + run.slug() + "&status=";
                    assertThat(countRows(get(list + "correct").body()))
                            .as(run.slug() + " " + list)
                            .isEqualTo(ts.correct());
                    assertThat(countRows(get(list + "failed").body()))
                            .as(run.slug() + " " + list)
                            .isEqualTo(ts.failed());
                }
            }
        }
        // the scalar run's ties setting was calibrated: some counted predictions are ties its lines never said
        assertThat(explorer.runs()
                        .run("scalar")
                        .orElseThrow()
                        .summary()
                        .setting(Setting.TIES)
                        .hasTieThresholds())
                .isTrue();
    }

    @Test
    void runs_disagree_filter_and_failure_kinds_match_the_lines() throws Exception {
        String body = get("/tasks/t2t?setting=no_ties&disagree=1").body();
        assertThat(countRows(body)).isPositive();
        assertThat(body).contains("class=\"disagree\"");
        String kinds = get("/runs/judge").body();
        assertThat(kinds).contains("status=failed%3Aunparseable").contains("status=failed%3Atransient");
        long unparseable = countRows(get("/tasks/t2t?setting=no_ties&status=failed:unparseable")
                        .body())
                + countRows(
                        get("/tasks/t2t?setting=ties&status=failed:unparseable").body());
        assertThat(unparseable).isGreaterThanOrEqualTo(0);
    }

    @Test
    void media_play_with_ranges_and_only_from_the_data_roots() throws Exception {
        Item video = explorer.data()
                .list(new ItemFilter(Task.T2V, null, null, null, null), 0, 1)
                .rows()
                .get(0);
        HttpResponse<byte[]> full = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/media/" + video.ord() + "/r1"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.headers().firstValue("Content-Type")).contains("video/mp4");
        assertThat(full.headers().firstValue("Content-Security-Policy")).contains(ExploreServer.MEDIA_CSP);
        assertThat(full.body()).isEqualTo(Files.readAllBytes(video.media1().path()));
        HttpResponse<byte[]> part = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/media/" + video.ord() + "/r1"))
                        .header("Range", "bytes=10-19")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        String range = part.headers().firstValue("Content-Range").orElseThrow();
        assertThat(range).startsWith("bytes 10-").endsWith("/" + full.body().length);
        int end = Integer.parseInt(range.substring(9, range.indexOf('/')));
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(full.body(), 10, end + 1));
        for (String path : List.of(
                "/media/0/../../../../etc/passwd",
                "/media/0/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "/media/..%2f..%2fetc/passwd",
                "/media/999999/r1",
                "/media/0/in7",
                "/media/-1/r1",
                "/assets/..%2fExploreServer.class",
                "/assets/%2e%2e/%2e%2e/pom.xml")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain("root:x:0");
        }
        // raw request paths a client library would normalise: sent over a socket as they are
        for (String raw : List.of("/media/0/../../../../../../etc/passwd", "/assets/../../../../etc/passwd")) {
            String answer = rawGet(raw, "127.0.0.1:" + server.port());
            assertThat(answer).as(raw).doesNotContain("root:x:0").doesNotStartWith("HTTP/1.1 200");
        }
    }

    @Test
    void a_symbolic_link_in_the_data_that_leads_out_is_never_served(@TempDir Path other) throws Exception {
        Path secret = other.resolve("secret.png");
        Files.writeString(secret, "not for the browser");
        Path data = other.resolve("pairs");
        Files.createDirectories(data.resolve("media"));
        Files.createSymbolicLink(data.resolve("media/link.png"), secret);
        Files.copy(bench.resolve("media_data/text_to_image/t2i-000_response1.png"), data.resolve("media/a.png"));
        Files.writeString(
                data.resolve("pairs.jsonl"),
                String.join(
                                "\n",
                                "{\"id\":\"p1\",\"task\":\"t2i\",\"criteria\":\"c\",\"prompt\":\"p\",\"chosen\":{\"type\":\"image\","
                                        + "\"path\":\"media/link.png\"},\"rejected\":{\"type\":\"image\",\"path\":\"media/a.png\"}}",
                                "{\"id\":\"p2\",\"task\":\"t2i\",\"criteria\":\"c\",\"prompt\":\"p\",\"chosen\":{\"type\":\"image\","
                                        + "\"path\":\"../secret.png\"},\"rejected\":{\"type\":\"image\",\"path\":\"media/a.png\"}}")
                        + "\n");
        try (Explorer e = Explorer.data(data.resolve("pairs.jsonl"), Optional.empty(), null);
                ExploreServer s = ExploreServer.start(e, ExploreServer.Settings.local(), System.err)) {
            // the reader refuses both records (link out, path out) and says so; nothing of secret.png is served
            assertThat(e.data().count()).isZero();
            assertThat(e.data().skipped()).isNotEmpty();
            String page = HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/data"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(page).contains("could not use");
            HttpResponse<String> m = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/media/0/r1"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(m.statusCode()).isEqualTo(404);
        }
        // and the serving rule itself refuses a link out of the roots even when an item names one
        assertThat(MediaFiles.underRoots(data.resolve("media/link.png"), List.of(data)))
                .isEmpty();
        assertThat(MediaFiles.underRoots(data.resolve("media/a.png"), List.of(data)))
                .isPresent();
    }

    @Test
    void answers_only_to_loopback_host_names_and_refuses_cross_site_posts() throws Exception {
        String rebound = rawGet("/runs", "evil.example:" + server.port());
        assertThat(rebound).startsWith("HTTP/1.1 421");
        assertThat(rawGet("/runs", "localhost:" + server.port())).startsWith("HTTP/1.1 200");
        HttpResponse<String> login = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Origin", "https://evil.example")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("token=x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(403);
        // what a browser sends for a form another site posts at us: refused whatever the Origin says
        for (String[] h : List.of(
                new String[] {"null", "cross-site"}, new String[] {base, "same-site"}, new String[] {base, "cross-site"
                })) {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + "/login"))
                            .header("Origin", h[0])
                            .header("Sec-Fetch-Site", h[1])
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("token=x"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(h[1]).isEqualTo(403);
        }
        HttpResponse<String> nullOrigin = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Origin", "null")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("token=x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(nullOrigin.statusCode()).isEqualTo(403);
    }

    @Test
    void a_token_guards_every_page_but_the_sign_in() throws Exception {
        BearerToken token = BearerToken.of("s3cret-token-for-tests", "test");
        try (ExploreServer s = ExploreServer.start(
                explorer, new ExploreServer.Settings("127.0.0.1", 0, Optional.of(token), false), System.err)) {
            String b = "http://127.0.0.1:" + s.port();
            HttpResponse<String> page = HTTP.send(
                    HttpRequest.newBuilder(URI.create(b + "/runs")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(page.headers().firstValue("Location").orElse("")).startsWith("/login");
            HttpResponse<String> media = HTTP.send(
                    HttpRequest.newBuilder(URI.create(b + "/media/0/r1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(media.statusCode()).isEqualTo(401);
            assertThat(HTTP.send(
                                    HttpRequest.newBuilder(URI.create(b + "/runs"))
                                            .header("Authorization", "Bearer s3cret-token-for-tests")
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
            HttpResponse<String> wrong = post(b + "/login", "token=wrong-token-123456&next=%2Fruns", b);
            assertThat(wrong.statusCode()).isEqualTo(401);
            HttpResponse<String> right = post(b + "/login", "token=s3cret-token-for-tests&next=%2F%2Fevil.example", b);
            assertThat(right.statusCode()).isEqualTo(302);
            assertThat(right.headers().firstValue("Location")).contains("/");
            String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain("s3cret");
            HttpResponse<String> withCookie = HTTP.send(
                    HttpRequest.newBuilder(URI.create(b + "/runs"))
                            .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(withCookie.statusCode()).isEqualTo(200);
            // a token-guarded explorer may be reached by any host name
            assertThat(rawGet(s.port(), "/login", "box.lan:" + s.port())).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void a_non_loopback_address_needs_a_token() {
        assertThatThrownBy(() -> new ExploreServer.Settings("0.0.0.0", 0, Optional.empty(), false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("without a token");
        assertThat(new ExploreServer.Settings("0.0.0.0", 0, Optional.empty(), true).insecure())
                .isTrue();
    }

    private static HttpResponse<String> post(String url, String form, String origin) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Origin", origin)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET over a plain socket: the path and Host header exactly as given. */
    static String rawGet(String path, String host) throws IOException {
        return rawGet(server.port(), path, host);
    }

    static String rawGet(int port, String path, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static long countRows(String html) {
        return count(html, "<a class=\"sample\"");
    }

    static int count(String s, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
