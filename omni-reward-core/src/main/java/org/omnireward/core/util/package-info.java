/**
 * Small helpers every module shares, each the one home of its concern: the Jackson configuration ({@link
 * org.omnireward.core.util.Json}), SHA-256 and stable hashes, the in-memory cache with a loader ({@link
 * org.omnireward.core.util.LruCache}), the cache folder, HTML escaping, duration text and the progress
 * display.
 */
package org.omnireward.core.util;
