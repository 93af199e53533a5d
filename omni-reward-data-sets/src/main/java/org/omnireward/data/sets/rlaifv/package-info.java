/**
 * RLAIF-V: an image, a question and a chosen/rejected answer (parquet with image bytes, or JSON).
 */
package org.omnireward.data.sets.rlaifv;
