/**
 * AlpacaEval annotation files: two outputs per instruction and an LLM judge's preference in [1, 2]
 * (ties near 1.5).
 */
package org.omnireward.data.sets.alpacaeval;
