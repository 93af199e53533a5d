/**
 * Remote scalar reward models: {@link org.omnireward.scalar.remote.PoolingRewardModel}, a client of
 * vLLM's {@code POST /pooling} API (chat {@code messages} with the criterion as the system message),
 * created by {@code --model pooling:<base-url>[#<model>]} through
 * {@link org.omnireward.scalar.remote.PoolingProvider}. See {@code docs/pooling.md}.
 */
package org.omnireward.scalar.remote;
