/**
 * The explorer: a local web app over benchmark runs ({@code explore RUN...}), preference data
 * ({@code explore --data}) and an annotation queue ({@code annotate}). See docs/explore.md.
 */
package org.omnireward.explore;
