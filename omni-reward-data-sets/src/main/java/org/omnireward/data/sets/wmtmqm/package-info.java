/**
 * WMT MQM: expert translation-error annotations (one TSV row per error), paired by weighted error
 * score per segment and rater.
 */
package org.omnireward.data.sets.wmtmqm;
