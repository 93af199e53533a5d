package org.omnireward.data.mix;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.omnireward.data.mix.DataMix.SideCounts;
import org.omnireward.data.mix.DataMix.SourceCounts;

/** The counts of a selected mix, read from its DuckDB tables by aggregate queries. */
final class MixCounts {

    private MixCounts() {}

    /**
     * Fills each output's counts (index = output index): what its source gave, and per side what each
     * status of {@link MixSelection} took and what is written. Step outputs' {@code read} are the pairs made.
     */
    static void fill(Connection c, List<SourceCounts> byOut) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT out, valid, coalesce(status, ''), copy = 0, step < 0, tie,"
                        + " count(*), count(*) FILTER (WHERE dir = 1), count(*) FILTER (WHERE dir = -1),"
                        + " sum(len_c), sum(len_r) FROM rows GROUP BY ALL")) {
            while (rs.next()) {
                SourceCounts sc = byOut.get(rs.getInt(1));
                SideCounts side = sc.sides[rs.getBoolean(2) ? 1 : 0];
                String status = rs.getString(3);
                boolean first = rs.getBoolean(4);
                long n = rs.getLong(7);
                if (first && !rs.getBoolean(5)) {
                    sc.read += n; // a step's pairs are counted as made
                }
                if (first && rs.getBoolean(5)) {
                    countRead(sc, rs.getBoolean(6), n, rs.getLong(8), rs.getLong(9));
                }
                countStatus(sc, side, status, first, n);
                if (status.isEmpty()) {
                    side.written += n;
                    side.longer += rs.getLong(8);
                    side.shorter += rs.getLong(9);
                    side.charsChosen += rs.getLong(10);
                    side.charsRejected += rs.getLong(11);
                }
            }
        }
    }

    private static void countRead(SourceCounts sc, boolean tie, long n, long longer, long shorter) {
        if (tie) {
            sc.readTies += n;
        } else {
            sc.readLonger += longer;
            sc.readShorter += shorter;
        }
    }

    private static void countStatus(SourceCounts sc, SideCounts side, String status, boolean first, long n) {
        if (status.isEmpty() || status.equals("capped") || status.equals("weight")) {
            sc.afterWeights += status.equals("weight") ? 0 : n;
            if (status.equals("capped")) {
                sc.cappedOut += n;
                side.capped += n;
            }
            return;
        }
        if (!first) {
            return; // a copy shares its first row's fate, counted once
        }
        switch (status) {
            case "tie" -> side.ties += n;
            case "exact" -> {
                sc.exactDuplicates += n;
                side.duplicates += n;
            }
            case "near" -> {
                sc.nearDuplicates += n;
                side.duplicates += n;
            }
            case "base" -> side.sameResponses += n;
            case "balance" -> side.balance += n;
            case "parent" -> sc.derivedFromDropped += n;
            case "not_sampled" -> side.notSampled += n;
            default -> throw new IllegalStateException("unknown mix status " + status);
        }
    }

    /** Pairs and prompt groups the sources gave on each side. */
    static MixManifest.Split split(Connection c) throws SQLException {
        long[] groups = new long[2];
        long[] pairs = new long[2];
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT valid, count(DISTINCT grp), count(*) FROM rows WHERE step < 0"
                        + " AND copy = 0 GROUP BY valid")) {
            while (rs.next()) {
                int i = rs.getBoolean(1) ? 1 : 0;
                groups[i] = rs.getLong(2);
                pairs[i] = rs.getLong(3);
            }
        }
        return new MixManifest.Split(groups[0], groups[1], pairs[0], pairs[1]);
    }
}
