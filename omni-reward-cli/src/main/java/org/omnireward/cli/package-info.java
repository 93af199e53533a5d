/**
 * The {@code omni-reward} command line (picocli): one class per command ({@code bench}, {@code data},
 * {@code train}, {@code score}, {@code compare}, {@code serve}, {@code explore}, {@code annotate},
 * {@code quickstart}, {@code models}, {@code demo-data}). Commands parse options, create models through the
 * provider registry and call the library modules; they hold no evaluation or training logic of their own.
 *
 * <p>{@link org.omnireward.core.Internal}: public for the project's own modules, not an API.
 */
@Internal
package org.omnireward.cli;

import org.omnireward.core.Internal;
