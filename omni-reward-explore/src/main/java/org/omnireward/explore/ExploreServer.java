package org.omnireward.explore;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.omnireward.bench.report.HtmlReport;
import org.omnireward.core.InvalidInputException;
import org.omnireward.data.stats.DataStats;
import org.omnireward.server.BearerToken;
import org.omnireward.server.ServerSettings;

/**
 * The explorer's web server: Javalin on Jetty 12, the stack the reward server uses. It serves server-side
 * pages ({@link RunPages}, {@link DataPages}, {@link AnnotatePages}), the media of the data (only files under
 * the data's roots, with HTTP ranges so players can seek), and two assets from the jar (a style sheet and a
 * small script); nothing is fetched from the network at run time.
 *
 * <p>Every answer carries a Content-Security-Policy that allows scripts, styles and media from this server
 * only and no inline script or style, so text of a run or data set that slipped through as markup still could
 * not run. See {@link Access} for who may connect.
 */
public final class ExploreServer implements AutoCloseable {

    /** The Content-Security-Policy of pages. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " media-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    /** The policy of media answers: a file opened on its own is a sandboxed document without scripts. */
    static final String MEDIA_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox";

    private static final String DISPATCHED = "omni-explore-dispatched";

    /** One page or action. */
    record Route(HandlerType method, String path, Handler handler) {}

    /** Writes the answer to the context. */
    @FunctionalInterface
    interface Handler {
        void handle(Context ctx) throws Exception;
    }

    /**
     * How the server listens.
     *
     * @param host the address to bind; not loopback needs a token or {@code insecure}
     * @param port the port; 0 picks a free one
     * @param token the token people must sign in with, if any
     * @param insecure allow a non-loopback host without a token
     */
    public record Settings(String host, int port, Optional<BearerToken> token, boolean insecure) {
        public Settings {
            if (host == null || host.isBlank()) {
                throw new InvalidInputException("--host is empty");
            }
            if (port < 0 || port > 65535) {
                throw new InvalidInputException("--port must be between 0 and 65535, got " + port);
            }
            if (token.isEmpty() && !insecure && !ServerSettings.isLoopback(host)) {
                throw new InvalidInputException("refusing to listen on " + host + " without a token: give --token-file"
                        + " FILE (or the " + BearerToken.ENV + " environment variable), bind a loopback address, or"
                        + " pass --insecure if the network is trusted");
            }
        }

        /** Loopback, a free port, no token. */
        public static Settings local() {
            return new Settings(ServerSettings.DEFAULT_HOST, 0, Optional.empty(), false);
        }
    }

    private static final Map<String, Asset> ASSETS = Map.of(
            "app.css", new Asset("text/css; charset=utf-8", css()),
            "app.js", new Asset("text/javascript; charset=utf-8", resource("assets/app.js")));

    private record Asset(String type, byte[] bytes) {}

    private final Explorer explorer;
    private final Access access;
    private final PrintStream log;
    private final Javalin app;

    private ExploreServer(Explorer explorer, Settings settings, PrintStream log) {
        this.explorer = explorer;
        this.access = new Access(settings.token());
        this.log = log;
        List<Route> routes = routes();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.http.maxRequestSize = 1L << 20;
            QueuedThreadPool pool = new QueuedThreadPool(64, 4, 60_000);
            pool.setName("explore-http");
            config.jetty.threadPool = pool;
            for (Route r : routes) {
                config.routes.addHttpHandler(r.method(), r.path(), ctx -> dispatch(ctx, r));
            }
            errorPages(config);
        });
        try {
            app.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot listen on " + settings.host() + ":" + settings.port() + ": "
                            + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()),
                    e);
        }
    }

    /** The pages this explorer serves: its own, and those of the runs, data and annotation it was given. */
    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(new Route(HandlerType.GET, "/", this::home));
        routes.add(new Route(HandlerType.GET, "/assets/{name}", this::asset));
        routes.add(new Route(HandlerType.GET, "/media/{ord}/{slot}", this::media));
        routes.add(new Route(HandlerType.GET, "/login", ctx -> ctx.html(loginPage(ctx.queryParam("next"), null))));
        routes.add(new Route(HandlerType.POST, "/login", this::login));
        if (explorer.runs() != null) {
            new RunPages(explorer).routes(routes);
        }
        if (explorer.expectsData()) {
            new DataPages(explorer).routes(routes);
        }
        if (explorer.queue() != null) {
            new AnnotatePages(explorer).routes(routes);
        }
        return routes;
    }

    /** Pages for 404, 405, bad input, a failed index and any other error, with the security headers. */
    private void errorPages(JavalinConfig config) {
        config.routes.error(404, ctx -> {
            securityHeaders(ctx);
            if (ctx.attribute(DISPATCHED) == null) { // no route matched; a route's own 404 keeps its page
                ctx.html(errorPage("Not found", "Nothing here: " + ctx.path()));
            }
        });
        config.routes.error(405, ctx -> {
            securityHeaders(ctx);
            ctx.html(errorPage("Method not allowed", ctx.method() + " is not allowed on " + ctx.path()));
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            securityHeaders(ctx);
            if (e instanceof InvalidInputException bad) {
                ctx.status(400).html(errorPage("Bad request", bad.getMessage()));
            } else if (e instanceof IllegalStateException
                    && e.getMessage() != null
                    && e.getMessage().startsWith(Explorer.INDEX_FAILED)) {
                ctx.status(500).html(errorPage("Indexing failed", e.getMessage()));
            } else {
                log.println("explore: error on " + ctx.path() + ": " + e);
                ctx.status(500)
                        .html(errorPage(
                                "Internal error",
                                "Something went wrong; the terminal that runs the" + " explorer says what."));
            }
        });
    }

    /** Starts serving {@code explorer}; the URL is {@link #url()}. */
    public static ExploreServer start(Explorer explorer, Settings settings, PrintStream log) {
        ExploreServer server = new ExploreServer(explorer, settings, log);
        explorer.serving();
        return server;
    }

    /** The port listened on. */
    public int port() {
        return app.port();
    }

    /** The address to open, e.g. {@code http://127.0.0.1:41233/}. */
    public String url(String host) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        if (h.equals("0.0.0.0") || h.equals("[::]")) {
            h = "127.0.0.1";
        }
        return "http://" + h + ":" + port() + "/";
    }

    /** Stops listening (the explorer's index is closed by its owner). */
    @Override
    public void close() {
        app.stop();
    }

    // ------------------------------------------------------------------ dispatch and safety

    private void dispatch(Context ctx, Route r) throws Exception {
        ctx.attribute(DISPATCHED, Boolean.TRUE);
        securityHeaders(ctx);
        if (!access.hostAllowed(ctx)) {
            ctx.status(421)
                    .html(errorPage(
                            "Wrong host",
                            "This explorer answers only to a loopback address such as" + " 127.0.0.1 or localhost."));
            return;
        }
        boolean open = r.path().equals("/login") || r.path().equals("/assets/{name}");
        if (!open && !access.authenticated(ctx)) {
            if (r.method() == HandlerType.GET && !r.path().startsWith("/media/")) {
                ctx.redirect("/login?next="
                        + Markup.enc(ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString())));
            } else {
                ctx.status(401).html(errorPage("Sign in", "Sign in with the token first."));
            }
            return;
        }
        if (r.method() == HandlerType.POST && !access.sameOrigin(ctx)) {
            log.println("explore: refused a form post to " + ctx.path() + " from origin " + ctx.header("Origin")
                    + " (fetch site " + ctx.header("Sec-Fetch-Site") + ", host " + ctx.header("Host") + ")");
            ctx.status(403).html(errorPage("Forbidden", "This form may only be sent from the explorer's own pages."));
            return;
        }
        r.handler().handle(ctx);
    }

    static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
    }

    private void home(Context ctx) {
        if (explorer.runs() != null) {
            ctx.redirect("/runs");
        } else if (explorer.queue() != null) {
            ctx.redirect("/annotate");
        } else {
            ctx.redirect("/data");
        }
    }

    private void asset(Context ctx) {
        Asset a = ASSETS.get(ctx.pathParam("name"));
        if (a == null) {
            ctx.status(404).html(errorPage("Not found", "No such asset."));
            return;
        }
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(a.type()).result(a.bytes());
    }

    private void media(Context ctx) throws IOException {
        explorer.awaitIndexed();
        DataIndex data = explorer.data();
        Optional<Path> file = Optional.empty();
        if (data != null && ctx.pathParam("ord").matches("\\d{1,9}")) {
            Optional<Item> item = data.item(Integer.parseInt(ctx.pathParam("ord")));
            if (item.isPresent()) {
                file = data.mediaFile(item.get(), ctx.pathParam("slot"));
            }
        }
        if (file.isEmpty()) {
            ctx.status(404).html(errorPage("Not found", "No such media."));
            return;
        }
        String type = MediaFiles.contentType(file.get());
        ctx.header("Content-Security-Policy", MEDIA_CSP);
        ctx.header("Cache-Control", "private, max-age=3600");
        ctx.header("Content-Disposition", type.equals("application/octet-stream") ? "attachment" : "inline");
        InputStream in = Files.newInputStream(file.get());
        ctx.writeSeekableStream(in, type, Files.size(file.get()));
    }

    private void login(Context ctx) {
        String next = ctx.formParam("next");
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
            next = "/";
        }
        Optional<String> session = access.signIn(ctx.formParam("token"));
        if (session.isEmpty()) {
            ctx.status(401).html(loginPage(next, "That is not the token."));
            return;
        }
        ctx.header("Set-Cookie", Access.COOKIE + "=" + session.get() + "; Path=/; HttpOnly; SameSite=Strict");
        ctx.redirect(next);
    }

    private String loginPage(String next, String error) {
        if (!access.tokenRequired()) {
            return errorPage("No sign-in needed", "This explorer listens on loopback only and needs no token.");
        }
        return Markup.page(
                "Sign in",
                "",
                "<h1>Sign in</h1>\n"
                        + (error == null ? "" : "<p class=\"error\">" + Markup.text(error) + "</p>\n")
                        + "<p>Paste the token the explorer was started with (<code>--token-file</code>).</p>\n"
                        + "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"next\" value=\""
                        + Markup.text(next == null ? "/" : next)
                        + "\"><input type=\"password\" name=\"token\" autocomplete=\"off\""
                        + " required autofocus> <button type=\"submit\">Sign in</button></form>\n");
    }

    static String errorPage(String title, String message) {
        return Markup.page(
                title,
                "",
                "<h1>" + Markup.text(title) + "</h1>\n<p>" + Markup.text(message) + "</p>\n"
                        + "<p><a href=\"/\">Start page</a></p>\n");
    }

    /** The header navigation of the parts this explorer has. */
    static String nav(Explorer e, String current) {
        StringBuilder sb = new StringBuilder("<nav>");
        if (e.runs() != null) {
            sb.append(link("/runs", "Runs", current.equals("runs")));
        }
        if (e.expectsData()) {
            sb.append(link("/data", "Data", current.equals("data")));
        }
        if (e.queue() != null) {
            sb.append(link("/annotate", "Annotate", current.equals("annotate")));
        }
        return sb.append("</nav>").toString();
    }

    private static String link(String href, String label, boolean current) {
        return "<a href=\"" + href + "\"" + (current ? " aria-current=\"page\"" : "") + ">" + label + "</a>";
    }

    private static byte[] css() {
        // the report's and data stats' figures (their own classes), then the explorer's own rules
        String all = "/* figures of bench report (HtmlReport) */\n" + HtmlReport.css()
                + "\n/* figures of data stats */\n" + DataStats.CSS + "\n/* explorer */\n"
                + new String(resource("assets/app.css"), StandardCharsets.UTF_8);
        return all.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ExploreServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the explorer's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings names accepted as the {@code setting} query parameter. */
    static final Set<String> SETTINGS = Set.of("no_ties", "ties");
}
