package org.omnireward.runtime.endpoint;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.omnireward.core.InvalidInputException;

/**
 * One endpoint's base URL taken apart so that its credentials stay out of everything written: the
 * user-info ({@code http://user:PW@host/v1}) becomes a {@code Basic} authorization header and is never
 * part of a request URL, a message or a cache key; query parameters (e.g. {@code ?api-key=…}) are
 * kept on requests but their values are masked in {@link #display()}, except {@code api-version},
 * which names no secret. {@link #secrets()} lists every secret the URL carries, for masking server
 * text that echoes one.
 */
public final class EndpointUrl {

    /** What a masked value is replaced by. */
    public static final String MASK = "***";

    private static final List<String> PLAIN_QUERY_NAMES = List.of("api-version");

    private final String scheme;
    private final String authority;
    private final String path;
    private final String rawQuery;
    private final String user;
    private final String password;

    private EndpointUrl(String scheme, String authority, String path, String rawQuery, String user, String password) {
        this.scheme = scheme;
        this.authority = authority;
        this.path = path;
        this.rawQuery = rawQuery;
        this.user = user;
        this.password = password;
    }

    /**
     * Parses an http(s) base URL.
     *
     * @param what how messages name the value, e.g. {@code model option base-url}
     * @throws InvalidInputException when it is not an http(s) URL with a host, or has a fragment; the
     *     message never repeats the URL's credentials
     */
    public static EndpointUrl parse(String url, String what) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException(what + " is empty; expected an http:// or https:// URL");
        }
        String s = url.trim();
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(
                    what + " '" + Credentials.maskUrls(s) + "' is not a valid URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidInputException(
                    what + " must be an http:// or https:// URL, got '" + Credentials.maskUrls(s) + "'");
        }
        if (u.getHost() == null || u.getHost().isBlank()) {
            throw new InvalidInputException(what + " '" + Credentials.maskUrls(s) + "' has no host");
        }
        if (u.getRawFragment() != null) {
            throw new InvalidInputException(what + " '" + Credentials.maskUrls(s) + "' must not have a fragment (#…)");
        }
        String user = null;
        String password = null;
        if (u.getRawUserInfo() != null) {
            String info = u.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        String host = u.getHost();
        String authority = host + (u.getPort() < 0 ? "" : ":" + u.getPort());
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String query = u.getRawQuery() == null || u.getRawQuery().isEmpty() ? null : u.getRawQuery();
        return new EndpointUrl(scheme, authority, path, query, user, password);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** {@code http} or {@code https}. */
    public String scheme() {
        return scheme;
    }

    /** The host (lower case as given) without port. */
    public String host() {
        int colon = authority.lastIndexOf(':');
        return colon < 0 || authority.endsWith("]") ? authority : authority.substring(0, colon);
    }

    /** Whether the URL carried user-info ({@code user:password@}). */
    public boolean hasUserInfo() {
        return user != null;
    }

    /** Whether the URL carries a query string. */
    public boolean hasQuery() {
        return rawQuery != null;
    }

    /**
     * The URL a request to {@code suffix} goes to (e.g. {@code chat/completions}): scheme, host, port,
     * path, suffix and the query string, never the user-info. A path that already ends in {@code
     * suffix} is used as is.
     */
    public String requestUrl(String suffix) {
        String p = path;
        String s = suffix.startsWith("/") ? suffix.substring(1) : suffix;
        if (!s.isEmpty() && !p.endsWith("/" + s)) {
            p = p + "/" + s;
        }
        return scheme + "://" + authority + p + (rawQuery == null ? "" : "?" + rawQuery);
    }

    /** What identifies the server in cache keys: scheme, host, port and path, no credentials, no query. */
    public String identity() {
        return scheme + "://" + authority + path;
    }

    /** The URL as messages and files may show it: user-info as {@value #MASK}{@code @}, query values masked. */
    public String display() {
        StringBuilder sb = new StringBuilder(scheme).append("://");
        if (user != null) {
            sb.append(MASK).append('@');
        }
        sb.append(authority).append(path);
        if (rawQuery != null) {
            sb.append('?').append(maskQuery(rawQuery));
        }
        return sb.toString();
    }

    /** The {@code Authorization} header value the user-info gives ({@code Basic …}), if any. */
    public Optional<String> basicAuthorization() {
        if (user == null) {
            return Optional.empty();
        }
        return Optional.of("Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** Every secret this URL carries, in the forms a server may echo (raw, decoded, base64). */
    public List<String> secrets() {
        List<String> out = new ArrayList<>();
        if (user != null) {
            out.add(password);
            out.add(user + ":" + password);
            out.add(Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && !PLAIN_QUERY_NAMES.contains(pair.substring(0, eq).toLowerCase(Locale.ROOT))) {
                    String value = pair.substring(eq + 1);
                    out.add(value);
                    out.add(decode(value));
                }
            }
        }
        out.removeIf(s -> s == null || s.isEmpty());
        return List.copyOf(new java.util.LinkedHashSet<>(out));
    }

    /** {@code query} with every value masked but those of {@code api-version}. */
    static String maskQuery(String query) {
        StringBuilder sb = new StringBuilder();
        for (String pair : query.split("&", -1)) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                sb.append(pair);
            } else if (PLAIN_QUERY_NAMES.contains(pair.substring(0, eq).toLowerCase(Locale.ROOT))) {
                sb.append(pair);
            } else {
                sb.append(pair, 0, eq + 1).append(MASK);
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EndpointUrl e
                && e.scheme.equals(scheme)
                && e.authority.equals(authority)
                && e.path.equals(path)
                && Objects.equals(e.rawQuery, rawQuery)
                && Objects.equals(e.user, user)
                && Objects.equals(e.password, password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, authority, path, rawQuery, user);
    }

    /** The {@link #display()} form: never the credentials. */
    @Override
    public String toString() {
        return display();
    }
}
