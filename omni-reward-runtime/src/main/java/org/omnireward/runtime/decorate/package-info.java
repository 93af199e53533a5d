/**
 * Cross-cutting behaviour put around any model ({@link org.omnireward.runtime.decorate.Decorators}): a cache
 * of answers, usage accounting and micro-batching, each returning a model of the same kind.
 */
package org.omnireward.runtime.decorate;
