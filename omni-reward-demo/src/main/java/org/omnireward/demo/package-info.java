/**
 * The self-made demo benchmark ({@code omni-reward demo-data}, used by {@code quickstart}): all nine tasks in
 * the official JSON layout with synthesised images, videos, audio and 3D render sheets whose planned labels
 * are true of the content, so every command can be tried without downloading the benchmark.
 */
package org.omnireward.demo;
