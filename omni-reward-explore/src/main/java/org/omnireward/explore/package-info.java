/**
 * The explorer: a local web app over benchmark runs ({@code explore RUN...}), preference data
 * ({@code explore --data}) and an annotation queue ({@code annotate}). See docs/explore.md.
 *
 * <p>{@link org.omnireward.core.Internal}: public for the project's own modules, not an API.
 */
@Internal
package org.omnireward.explore;

import org.omnireward.core.Internal;
