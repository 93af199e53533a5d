/**
 * Text-to-video pairs: a prompt and two video files with a preference (VideoDPO and similar).
 */
package org.omnireward.data.sets.videopairs;
