/**
 * How any reward model is called, the same way for every backend: retries with backoff ({@link
 * org.omnireward.runtime.Retrier}), concurrency limits, a bounded work pool, batching of scalar requests,
 * response order randomisation, and one mapping of HTTP failures to the toolkit's exceptions ({@link
 * org.omnireward.runtime.HttpFailures}).
 */
package org.omnireward.runtime;
