package org.omnireward.explore;

import io.javalin.http.Context;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.omnireward.server.BearerToken;

/**
 * Who may use the explorer. Without a token it listens on loopback only, and then answers only requests
 * whose {@code Host} is a loopback name (so a web page that rebinds its own name to 127.0.0.1 cannot read
 * it). With a token (as for {@code serve}), a request carries it as {@code Authorization: Bearer} or holds
 * the session cookie a sign-in with the token set ({@code HttpOnly}, {@code SameSite=Strict}); the token
 * itself never appears in a URL. In both cases a request that changes something (a label) must come from
 * the explorer's own pages: its {@code Origin} (or {@code Sec-Fetch-Site}) must say so.
 */
final class Access {

    static final String COOKIE = "omni_explore_session";

    private final Optional<BearerToken> token;
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    Access(Optional<BearerToken> token) {
        this.token = token;
    }

    /** Whether a token is needed. */
    boolean tokenRequired() {
        return token.isPresent();
    }

    /** Without a token, only loopback host names are answered (DNS rebinding). */
    boolean hostAllowed(Context ctx) {
        if (token.isPresent()) {
            return true;
        }
        String host = ctx.header("Host");
        if (host == null) {
            return false;
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(1, end);
        } else if (name.indexOf(':') >= 0) {
            name = name.substring(0, name.indexOf(':'));
        }
        return name.equals("localhost") || name.equals("::1") || name.matches("127(\\.\\d{1,3}){3}");
    }

    /** Whether the request may see the explorer's pages. */
    boolean authenticated(Context ctx) {
        if (token.isEmpty()) {
            return true;
        }
        String auth = ctx.header("Authorization");
        if (auth != null && token.get().matchesHeader(auth)) {
            return true;
        }
        String session = ctx.cookie(COOKIE);
        return session != null && sessions.contains(session);
    }

    /** A new session when {@code presented} is the token, else empty. */
    Optional<String> signIn(String presented) {
        if (token.isEmpty() || presented == null || !token.get().matches(presented.strip())) {
            return Optional.empty();
        }
        byte[] b = new byte[32];
        random.nextBytes(b);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        sessions.add(id);
        return Optional.of(id);
    }

    /**
     * Whether a request that changes state comes from the explorer's own pages. Browsers say so in
     * {@code Sec-Fetch-Site}, which a page cannot forge: {@code same-origin} (or {@code none}, typed by the user)
     * passes, anything else is refused. Without it (older browsers, command-line clients) an {@code Origin}, when
     * sent, must name this host; {@code Origin: null} is refused. (With the pages' {@code no-referrer} policy,
     * Chromium sends {@code Origin: null} on a form posted from a page reached by a redirect, so the origin alone
     * cannot decide.)
     */
    boolean sameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin") || site.equals("none");
        }
        String origin = ctx.header("Origin");
        if (origin == null) {
            return true;
        }
        if (origin.equals("null")) {
            return false;
        }
        String host = ctx.header("Host");
        try {
            URI o = URI.create(origin);
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host != null && authority != null && authority.equalsIgnoreCase(host.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
