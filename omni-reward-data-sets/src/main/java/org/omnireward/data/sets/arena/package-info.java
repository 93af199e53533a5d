/**
 * An arena-hard-auto folder: questions, model answers and a judge's 1–10 grades against references,
 * paired by grade gap.
 */
package org.omnireward.data.sets.arena;
