package org.omnireward.data.mix;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.mix.Recipe.Balance;
import org.omnireward.data.mix.Recipe.Cap;
import org.omnireward.data.mix.Recipe.Source;
import org.omnireward.data.mix.Recipe.Step;

/**
 * The mix's set work, all of it SQL on the DuckDB tables of {@link MixRows}: the criterion flips found
 * among the noted text pairs, then a status for every row, decided in this order (the first that
 * applies is the row's): {@code tie} (with {@code drop_ties}), {@code exact}/{@code near} duplicates (the
 * first by recipe order wins: sources, then steps; a step with {@code duplicates: own} only against its
 * own pairs), {@code balance} for the sources' length balancing, {@code parent} (a {@code use: kept}
 * step's pair whose base was dropped), {@code base} (a second set from the same two responses),
 * {@code balance} for the steps' sets, {@code not_sampled} (a step's rate), {@code weight} (a weight's
 * draw) and {@code capped}. Rows left without a status are written.
 */
final class MixSelection {

    /** Group of balance units of a step: apart from every output's index. */
    private static final int STEP_GROUP = 100_000;

    private MixSelection() {}

    /**
     * Finds the criterion flips among the noted pairs (two pairs of the same prompt and responses in
     * opposite orders under different criteria) and appends both pairs of each as rows of their step.
     */
    static void flips(Connection c, Recipe recipe, Path dir, long firstId) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE flips AS SELECT x.id AS xid, y.id AS yid, x.step, x.parent, y.pid AS other,"
                    + " x.pid, x.task, x.grp, x.criteria, x.prompt, x.chosen, x.rejected, x.source FROM flipin x JOIN"
                    + " flipin y ON x.step = y.step AND x.flip_key = y.flip_key AND x.crit_key <> y.crit_key AND"
                    + " x.orient <> y.orient");
        }
        List<String> outputs = recipe.outputs();
        try (Connection appending = ((DuckDBConnection) c).duplicate();
                MixRows rows = MixRows.open(recipe, dir, appending, firstId);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT step, parent, other, pid, task, grp, criteria, prompt, chosen,"
                        + " rejected, source FROM flips ORDER BY xid, yid")) {
            while (rs.next()) {
                int j = rs.getInt(1);
                long parent = rs.getLong(2);
                Long parentId = rs.wasNull() ? null : parent;
                PreferencePair x = new PreferencePair(
                        rs.getString(4),
                        Task.parse(rs.getString(5)),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        List.of(),
                        Response.text(rs.getString(9)),
                        Response.text(rs.getString(10)),
                        false,
                        rs.getString(11));
                PreferencePair flip = QualityPairs.flip(x, rs.getString(3));
                Step step = recipe.steps().get(j);
                MixRows.Unit unit = new MixRows.Unit(
                        rows.next(),
                        MixRows.direction(flip),
                        MixRows.balanceKey(recipe.seed(), flip.id()),
                        MixRows.drawn(step.rate(), recipe.seed(), step.salt(), flip.id()),
                        null);
                MixRows.Origin o = new MixRows.Origin(
                        outputs.indexOf(QualityPairs.FLIP_CATEGORY),
                        recipe.sources().size() + j,
                        j,
                        parentId,
                        step.ownDuplicates(),
                        0,
                        x.id());
                rows.derived(UnifiedRecord.of(flip), o, unit);
            }
        }
    }

    /** Gives every row its status (null: written). */
    static void select(Connection c, Recipe recipe) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE rows ADD COLUMN status VARCHAR");
            s.execute("ALTER TABLE rows ADD COLUMN bgroup INTEGER");
            s.execute("UPDATE rows SET bgroup = CASE WHEN step < 0 THEN out ELSE " + STEP_GROUP + " + step END");
            configure(s, recipe);
            if (recipe.dropTies()) {
                s.execute("UPDATE rows SET status = 'tie' WHERE tie");
            }
            bases(s, false);
            duplicates(s);
            balance(s, "step < 0");
            s.execute("UPDATE rows SET status = 'parent' WHERE copy = 0 AND status IS NULL AND step IN (SELECT step"
                    + " FROM stepcfg WHERE kept) AND parent IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rows p WHERE"
                    + " p.id = rows.parent AND p.copy = 0 AND p.status IS NULL)");
            bases(s, true);
            balance(s, "step >= 0");
            s.execute("UPDATE rows SET status = 'not_sampled' WHERE copy = 0 AND status IS NULL AND NOT sampled");
            s.execute("UPDATE rows SET status = z.status FROM (SELECT id, status FROM rows WHERE copy = 0 AND status"
                    + " IS NOT NULL) z WHERE rows.id = z.id AND rows.copy > 0 AND rows.status IS NULL");
            s.execute("UPDATE rows SET status = 'weight' WHERE status IS NULL AND NOT taken");
            caps(s);
        }
    }

    /** The per-output and per-step settings the statements join: balancing, caps, {@code use: kept}. */
    private static void configure(Statement s, Recipe recipe) throws SQLException {
        s.execute("CREATE TABLE balcfg (bgroup INTEGER, train_only BOOLEAN)");
        s.execute("CREATE TABLE caps (out INTEGER, total BIGINT, train BIGINT, valid BIGINT)");
        s.execute("CREATE TABLE stepcfg (step INTEGER, kept BOOLEAN)");
        List<String> outputs = recipe.outputs();
        List<String> balance = new ArrayList<>();
        List<String> caps = new ArrayList<>();
        for (Source src : recipe.sources()) {
            if (src.write()) {
                int out = outputs.indexOf(src.name());
                addBalance(balance, out, src.balance());
                caps.add(cap(out, src.cap()));
            }
        }
        List<String> steps = new ArrayList<>();
        for (int j = 0; j < recipe.steps().size(); j++) {
            Step step = recipe.steps().get(j);
            addBalance(balance, STEP_GROUP + j, step.balance());
            step.outputs().forEach(o -> caps.add(cap(outputs.indexOf(o), step.cap())));
            steps.add("(" + j + ", " + step.kept() + ")");
        }
        insert(s, "balcfg", balance);
        insert(s, "caps", caps);
        insert(s, "stepcfg", steps);
    }

    private static void addBalance(List<String> values, int group, Balance b) {
        if (b != Balance.NONE) {
            values.add("(" + group + ", " + (b == Balance.TRAIN) + ")");
        }
    }

    private static String cap(int out, Cap cap) {
        return "(" + out + ", " + cap.total().orElse(-1) + ", " + cap.train().orElse(-1) + ", "
                + cap.valid().orElse(-1) + ")";
    }

    private static void insert(Statement s, String table, List<String> values) throws SQLException {
        if (!values.isEmpty()) {
            s.execute("INSERT INTO " + table + " VALUES " + String.join(", ", values));
        }
    }

    /**
     * A second set of criterion pairs from the same two responses of one prompt: only the set of the first
     * base (the earliest source, then the smallest pair id) is kept. Steps that read every record do this
     * before duplicates (a base's second set is not a duplicate, it was never made); {@code use: kept} steps
     * after their bases' selection.
     */
    private static void bases(Statement s, boolean kept) throws SQLException {
        s.execute("UPDATE rows SET status = 'base' FROM (SELECT id, unit <> first_value(unit) OVER (PARTITION BY step,"
                + " base_key ORDER BY base_src, base_id, unit) AS dup FROM rows WHERE copy = 0 AND status IS NULL AND"
                + " base_key IS NOT NULL AND step IN (SELECT step FROM stepcfg WHERE kept = " + kept + ")) d WHERE"
                + " rows.id = d.id AND d.dup");
    }

    /** Exact, then near duplicates: the first row of a key (by priority, then read order) is kept. */
    private static void duplicates(Statement s) throws SQLException {
        String scope = "PARTITION BY own_dups, CASE WHEN own_dups THEN out ELSE -1 END, ";
        s.execute("UPDATE rows SET status = CASE WHEN d.ex THEN 'exact' ELSE 'near' END FROM (SELECT id, id <>"
                + " first_value(id) OVER (" + scope
                + "exact_key ORDER BY prio, base_src, base_id, id) AS ex, id <> first_value(id) OVER ("
                + scope
                + "near_key ORDER BY prio, base_src, base_id, id) AS nr FROM rows WHERE copy = 0 AND status IS NULL) d WHERE"
                + " rows.id = d.id AND rows.copy = 0 AND (d.ex OR d.nr)");
    }

    /**
     * Length balancing of the units (a source's records, a step's sets) in a balanced group: on each
     * side (or the train side only), the majority direction (chosen longer, or shorter) is cut to the
     * minority's size, the units kept in a seeded hash order; equal lengths, media and ties are kept.
     */
    private static void balance(Statement s, String phase) throws SQLException {
        s.execute("UPDATE rows SET status = 'balance' FROM (SELECT unit FROM (SELECT unit, row_number() OVER"
                + " (PARTITION BY bgroup, valid, unit_dir ORDER BY bal_key, unit) AS rk, count(*) FILTER (WHERE"
                + " unit_dir = 1) OVER (PARTITION BY bgroup, valid) AS nl, count(*) FILTER (WHERE unit_dir = -1)"
                + " OVER (PARTITION BY bgroup, valid) AS ns FROM (SELECT DISTINCT r.unit, r.unit_dir, r.bal_key,"
                + " r.valid, r.bgroup FROM rows r JOIN balcfg b ON r.bgroup = b.bgroup WHERE r.copy = 0 AND"
                + " r.status IS NULL AND NOT r.tie AND r.unit_dir <> 0 AND (NOT b.train_only OR NOT r.valid) AND r."
                + phase
                + ")) WHERE rk > least(nl, ns)) d WHERE rows.unit ="
                + " d.unit AND rows.copy = 0 AND rows.status IS NULL AND rows." + phase);
    }

    /** Caps: first each output's cap on both sides together, then its caps per side, in the shuffle order. */
    private static void caps(Statement s) throws SQLException {
        s.execute("UPDATE rows SET status = 'capped' FROM (SELECT r.id, r.copy FROM (SELECT id, copy, out,"
                + " row_number() OVER (PARTITION BY out ORDER BY shuffle, id, copy) AS rn FROM rows WHERE status IS"
                + " NULL) r JOIN caps c ON r.out = c.out WHERE c.total >= 0 AND r.rn > c.total) d WHERE rows.id ="
                + " d.id AND rows.copy = d.copy");
        s.execute("UPDATE rows SET status = 'capped' FROM (SELECT r.id, r.copy FROM (SELECT id, copy, out, valid,"
                + " row_number() OVER (PARTITION BY out, valid ORDER BY shuffle, id, copy) AS rn FROM rows WHERE"
                + " status IS NULL) r JOIN caps c ON r.out = c.out WHERE (CASE WHEN r.valid THEN c.valid ELSE c.train"
                + " END) >= 0 AND r.rn > (CASE WHEN r.valid THEN c.valid ELSE c.train END)) d WHERE rows.id = d.id"
                + " AND rows.copy = d.copy");
    }
}
