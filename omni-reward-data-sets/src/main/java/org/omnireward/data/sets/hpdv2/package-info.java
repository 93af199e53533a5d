/**
 * HPDv2: text-to-image annotations, one human-preferred image among several per prompt.
 */
package org.omnireward.data.sets.hpdv2;
