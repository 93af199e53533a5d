/**
 * Small helpers every module shares, each the one home of its concern: the Jackson configuration ({@link
 * org.omnireward.core.util.Json}), SHA-256 and stable hashes, the in-memory cache with a loader ({@link
 * org.omnireward.core.util.LruCache}), the cache folder, HTML escaping and duration text — all {@link
 * org.omnireward.core.Internal} — and {@link org.omnireward.core.util.Progress}, the one progress interface,
 * which is API: long work in every module reports to it.
 */
package org.omnireward.core.util;
