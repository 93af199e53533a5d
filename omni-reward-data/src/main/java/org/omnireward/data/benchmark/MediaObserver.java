package org.omnireward.data.benchmark;

/** Told about every media reference a loader resolves, so validation can count present and missing files. */
@FunctionalInterface
interface MediaObserver {

    MediaObserver NONE = available -> {};

    /** One referenced media item: readable (embedded bytes or an existing file under the root) or not. */
    void media(boolean available);
}
