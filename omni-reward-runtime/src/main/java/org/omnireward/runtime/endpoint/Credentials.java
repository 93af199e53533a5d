package org.omnireward.runtime.endpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets one client holds (an API key, the password of a base URL's user-info, query-string
 * keys), and the one way text is cleaned of them before it reaches a file, a log line or an exception
 * message: every occurrence of a secret of 4 characters or more becomes {@value EndpointUrl#MASK}, and
 * the user-info and query values of any URL in the text are masked too ({@link #maskUrls}), so
 * a short password is hidden wherever it appears inside a URL. Immutable and thread-safe.
 */
public final class Credentials {

    /** Secrets shorter than this are not searched for in free text (they would mask ordinary words). */
    public static final int MIN_SECRET_LENGTH = 4;

    private static final Credentials NONE = new Credentials(List.of());
    private static final Pattern URL =
            Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s\"'<>`,]+"); // a comma ends it: lists of URLs
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^\\s/@\"'<>`]*@");

    private final List<String> secrets;

    private Credentials(List<String> secrets) {
        this.secrets = secrets;
    }

    /** No secrets: only URLs in text are masked. */
    public static Credentials none() {
        return NONE;
    }

    /** The given secrets (nulls, blanks and duplicates ignored). */
    public static Credentials of(Collection<String> secrets) {
        LinkedHashSet<String> s = new LinkedHashSet<>();
        for (String x : secrets) {
            if (x != null && x.strip().length() >= MIN_SECRET_LENGTH) {
                s.add(x);
                s.add(x.strip());
            }
        }
        List<String> sorted = new ArrayList<>(s);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // longest first: no partial leftovers
        return sorted.isEmpty() ? NONE : new Credentials(List.copyOf(sorted));
    }

    /** These secrets and those of {@code endpoints} and {@code more}. */
    public Credentials with(Collection<EndpointUrl> endpoints, String... more) {
        List<String> all = new ArrayList<>(secrets);
        for (EndpointUrl e : endpoints) {
            all.addAll(e.secrets());
        }
        all.addAll(java.util.Arrays.asList(more));
        return of(all);
    }

    /** Whether there is no secret to search for. */
    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** {@code text} with every secret and every URL's credentials masked; null stays null. */
    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String t = text;
        for (String s : secrets) {
            if (t.contains(s)) {
                t = t.replace(s, EndpointUrl.MASK);
            }
        }
        return maskUrls(t);
    }

    /**
     * {@code text} with the user-info of every URL ({@code scheme://…}) in it replaced by {@value EndpointUrl#MASK}
     * and its query values masked (except {@code api-version}); text without {@code ://} is returned
     * as is.
     */
    public static String maskUrls(String text) {
        if (text == null || !text.contains("://")) {
            return text;
        }
        String t =
                USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + EndpointUrl.MASK + "@"));
        if (t.indexOf('?') < 0) {
            return t;
        }
        Matcher m = URL.matcher(t);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String url = m.group();
            int q = url.indexOf('?');
            String masked = q < 0 ? url : url.substring(0, q + 1) + EndpointUrl.maskQuery(url.substring(q + 1));
            m.appendReplacement(sb, Matcher.quoteReplacement(masked));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
