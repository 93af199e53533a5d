package org.omnireward.data.mix;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.omnireward.core.MediaRef;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.util.Sha256;
import org.omnireward.core.util.StableHash;
import org.omnireward.data.Groups;
import org.omnireward.data.LengthBalance;
import org.omnireward.data.Splits;
import org.omnireward.data.UnifiedJsonlWriter;
import org.omnireward.data.UnifiedRecord;

/**
 * The mix's DuckDB tables and how a record becomes rows of them. {@code rows}: one narrow row per
 * record and copy with its keys, flags and lengths (what the selection's window functions read);
 * {@code lines}: the record's JSON line, joined back for the final ordered write; {@code flipin}: the
 * text pairs criterion-flip steps look for flips among. Appenders stream into them; nothing of a record
 * stays in the Java heap.
 */
final class MixRows implements AutoCloseable {

    /**
     * What a row is beside its record: where it comes from and how it is chosen.
     *
     * @param baseSource the index of the source the row's record (or the base it was derived from) was read from
     * @param baseId the pair id of that record: of two duplicates (or two bases of the same responses) the one
     *     of the earlier source and then the smaller id wins, whatever the order within a file
     */
    record Origin(int out, int prio, int step, Long parent, boolean ownDuplicates, int baseSource, String baseId) {}

    /** How a derived row takes part in balancing and sampling: as one of a set made from one base. */
    record Unit(long id, int direction, long balanceKey, boolean sampled, String baseKey) {}

    private final Recipe recipe;
    private final Path dir;
    private final String target;
    private final DuckDBAppender rows;
    private final DuckDBAppender lines;
    private final DuckDBAppender flips;
    private long next;

    private MixRows(Recipe recipe, Path dir, Connection c) throws SQLException {
        this.recipe = recipe;
        this.dir = dir;
        this.target = dir.resolve("train.jsonl").toString();
        DuckDBConnection d = (DuckDBConnection) c;
        this.rows = d.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "rows");
        this.lines = d.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "lines");
        this.flips = d.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "flipin");
    }

    /** Creates the tables. */
    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE rows (id BIGINT, copy INTEGER, out INTEGER, prio INTEGER, step INTEGER,"
                    + " parent BIGINT, own_dups BOOLEAN, unit BIGINT, unit_dir TINYINT, bal_key BIGINT,"
                    + " sampled BOOLEAN, base_key HUGEINT, exact_key HUGEINT, near_key HUGEINT, tie BOOLEAN,"
                    + " valid BOOLEAN, grp BIGINT, shuffle BIGINT, taken BOOLEAN, task VARCHAR, dir TINYINT,"
                    + " len_c INTEGER, len_r INTEGER, base_src INTEGER, base_id VARCHAR)");
            s.execute("CREATE TABLE lines (id BIGINT, copy INTEGER, line VARCHAR)");
            s.execute("CREATE TABLE flipin (id BIGINT, step INTEGER, parent BIGINT, flip_key HUGEINT, crit_key HUGEINT,"
                    + " orient BOOLEAN, pid VARCHAR, task VARCHAR, grp VARCHAR, criteria VARCHAR, prompt VARCHAR,"
                    + " chosen VARCHAR, rejected VARCHAR, source VARCHAR)");
        }
    }

    /** Appenders on the tables, numbering rows from {@code first}. */
    static MixRows open(Recipe recipe, Path dir, Connection c, long first) throws SQLException {
        MixRows r = new MixRows(recipe, dir, c);
        r.next = first;
        return r;
    }

    /** The next row id (one past the last appended). */
    long next() {
        return next;
    }

    /**
     * Appends a source record with {@code copies} copies (at least one row is written, so duplicates
     * are found before weights drop records); returns its row id.
     */
    long source(UnifiedRecord r, Origin o, int copies) throws SQLException {
        long id = next++;
        PreferencePair p = r.pair();
        Unit unit = new Unit(id, direction(p), balanceKey(recipe.seed(), p.id()), true, null);
        for (int k = 0; k < Math.max(1, copies); k++) {
            UnifiedRecord copy = k == 0 ? r : r.withPair(renamed(p, p.id() + "~copy" + k));
            append(id, k, copy, o, unit, k < copies);
        }
        return id;
    }

    /** Appends a derived record (one copy); returns its row id. */
    long derived(UnifiedRecord r, Origin o, Unit unit) throws SQLException {
        long id = next++;
        append(id, 0, r, o, unit, true);
        return id;
    }

    /** Notes a text pair for the criterion-flip step {@code step}. */
    void flipCandidate(PreferencePair p, int step, Long parent) throws SQLException {
        String a = p.chosen().requireText();
        String b = p.rejected().requireText();
        boolean orient = a.compareTo(b) < 0;
        long[] flipKey = key128(Sha256.hex(
                p.task().id() + "\u0000" + p.prompt() + "\u0000" + (orient ? a + "\u0000" + b : b + "\u0000" + a)));
        long[] critKey = key128(Sha256.hex(p.criteria()));
        flips.beginRow();
        flips.append(next++);
        flips.append(step);
        if (parent == null) {
            flips.appendNull();
        } else {
            flips.append(parent.longValue());
        }
        flips.appendHugeInt(flipKey[0], flipKey[1]);
        flips.appendHugeInt(critKey[0], critKey[1]);
        flips.append(orient);
        flips.append(p.id());
        flips.append(p.task().id());
        flips.append(p.group());
        flips.append(p.criteria());
        flips.append(p.prompt());
        flips.append(a);
        flips.append(b);
        flips.append(p.source());
        flips.endRow();
    }

    private void append(long id, int copy, UnifiedRecord r, Origin o, Unit unit, boolean taken) throws SQLException {
        PreferencePair p = r.pair();
        long[] exact = key128(exactKey(p));
        long[] near = recipe.nearDuplicates() ? key128(nearKey(p)) : exact;
        rows.beginRow();
        rows.append(id);
        rows.append(copy);
        rows.append(o.out());
        rows.append(o.prio());
        rows.append(o.step());
        if (o.parent() == null) {
            rows.appendNull();
        } else {
            rows.append(o.parent().longValue());
        }
        rows.append(o.ownDuplicates());
        rows.append(unit.id());
        rows.append((byte) unit.direction());
        rows.append(unit.balanceKey());
        rows.append(unit.sampled());
        if (unit.baseKey() == null) {
            rows.appendNull();
        } else {
            long[] b = key128(unit.baseKey());
            rows.appendHugeInt(b[0], b[1]);
        }
        rows.appendHugeInt(exact[0], exact[1]);
        rows.appendHugeInt(near[0], near[1]);
        rows.append(p.tie());
        rows.append(Splits.side(p.group(), recipe.seed(), recipe.validFraction()) == Splits.Side.VALID);
        rows.append(StableHash.of(0, "group", p.group()));
        rows.append(unitKey(recipe.seed(), "order|", p.id())); // a weight's copy has its own id (~copy<k>)
        rows.append(taken);
        rows.append(p.task().id());
        rows.append((byte) direction(p));
        rows.append(Math.max(0, LengthBalance.length(p.chosen())));
        rows.append(Math.max(0, LengthBalance.length(p.rejected())));
        rows.append(o.baseSource());
        rows.append(o.baseId());
        rows.endRow();
        lines.beginRow();
        lines.append(id);
        lines.append(copy);
        lines.append(UnifiedJsonlWriter.line(r, dir, target));
        lines.endRow();
    }

    /** 1 chosen longer, -1 chosen shorter, 0 same length or not text. */
    static int direction(PreferencePair p) {
        return switch (LengthBalance.direction(p)) {
            case CHOSEN_LONGER -> 1;
            case CHOSEN_SHORTER -> -1;
            default -> 0;
        };
    }

    /** {@code p} under another id (a weight's extra copy). */
    static PreferencePair renamed(PreferencePair p, String id) {
        return new PreferencePair(
                id,
                p.task(),
                p.group(),
                p.criteria(),
                p.prompt(),
                p.inputs(),
                p.chosen(),
                p.rejected(),
                p.tie(),
                p.source());
    }

    /** Task, prompt and the two responses, unordered: the same two responses give one set of criterion pairs. */
    static String unorderedKey(PreferencePair p) {
        String a = response(p.chosen(), false);
        String b = response(p.rejected(), false);
        String lo = a.compareTo(b) <= 0 ? a : b;
        String hi = a.compareTo(b) <= 0 ? b : a;
        return Sha256.hex(String.join("\u0000", p.task().id(), p.prompt(), media(p.inputs()), lo, hi));
    }

    @Override
    public void close() throws SQLException {
        try (rows;
                lines;
                flips) {
            // closing the appenders flushes them
        }
    }

    /** The first 128 bits of a SHA-256 hex digest, as two longs (collisions are out of reach at any data size). */
    static long[] key128(String hex) {
        return new long[] {
            Long.parseUnsignedLong(hex.substring(16, 32), 16), Long.parseUnsignedLong(hex.substring(0, 16), 16)
        };
    }

    /** ⌊w⌋ copies, plus one with probability w − ⌊w⌋ decided by a seeded hash of the id. */
    static int copies(double weight, long seed, String id) {
        int whole = (int) Math.floor(weight);
        double frac = weight - whole;
        double u = (StableHash.of(seed, "mix-weight", id) >>> 11) * 0x1.0p-53;
        return whole + (u < frac ? 1 : 0);
    }

    /**
     * {@link Groups#unitHash} of {@code salt + id} as the whole number it is made of (its top 53 bits):
     * ordering by it is ordering by the unit hash, the seeded order {@link LengthBalance#byHash} uses.
     */
    static long unitKey(long seed, String salt, String id) {
        return (long) (Groups.unitHash(seed, salt + id) * 0x1.0p53);
    }

    /** The order in which length balancing keeps units: {@link LengthBalance#balance}'s. */
    static long balanceKey(long seed, String id) {
        return unitKey(seed, "balance|", id);
    }

    /** A draw with probability {@code rate} from a seeded hash of a salt and an id (1 always draws). */
    static boolean drawn(double rate, long seed, String salt, String id) {
        return rate >= 1 || Groups.unitHash(seed, salt + id) < rate;
    }

    static String exactKey(PreferencePair p) {
        return Sha256.hex(String.join(
                "\u0000",
                p.task().id(),
                p.criteria(),
                p.prompt(),
                media(p.inputs()),
                response(p.chosen(), false),
                response(p.rejected(), false),
                Boolean.toString(p.tie())));
    }

    static String nearKey(PreferencePair p) {
        return Sha256.hex(String.join(
                "\u0000",
                p.task().id(),
                normalise(p.criteria()),
                normalise(p.prompt()),
                media(p.inputs()),
                response(p.chosen(), true),
                response(p.rejected(), true)));
    }

    private static String media(List<MediaRef> inputs) {
        StringBuilder sb = new StringBuilder();
        inputs.forEach(m -> sb.append(m.contentKey()).append(','));
        return sb.toString();
    }

    private static String response(Response r, boolean normalised) {
        return r.isText()
                ? (normalised ? normalise(r.requireText()) : r.requireText())
                : "media:" + r.media().orElseThrow().contentKey();
    }

    /**
     * NFKC (skipped for ASCII text, which it does not change), lower case, punctuation and symbols as
     * spaces, runs of whitespace collapsed to one space, trimmed. One pass over the code points.
     */
    static String normalise(String text) {
        String n = isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(n.length());
        boolean space = true; // drops leading blanks
        for (int i = 0; i < n.length(); ) {
            int cp = n.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || isPunctuationOrSymbol(cp)) {
                if (!space) {
                    sb.append(' ');
                    space = true;
                }
                continue;
            }
            sb.appendCodePoint(Character.toLowerCase(cp));
            space = false;
        }
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == ' ') {
            sb.setLength(len - 1);
        }
        return sb.toString();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPunctuationOrSymbol(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
