/**
 * Remote endpoints as every client of a served model sees them: base URLs whose credentials never
 * reach a file, a log or a message ({@link org.omnireward.runtime.endpoint.EndpointUrl}, {@link
 * org.omnireward.runtime.endpoint.Credentials}), and several replicas of one server with least-loaded
 * selection, ejection of failing ones and their later re-admission ({@link
 * org.omnireward.runtime.endpoint.ReplicaSet}).
 */
package org.omnireward.runtime.endpoint;
