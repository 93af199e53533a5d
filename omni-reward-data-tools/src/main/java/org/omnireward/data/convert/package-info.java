/**
 * {@code data convert}: one public preference file or folder to the unified JSONL, streamed, with
 * every unusable record listed with its file, record and reason.
 */
package org.omnireward.data.convert;
