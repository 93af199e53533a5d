/**
 * FineGrainedRLHF long-form QA feedback: four predictions per question and human preferences over
 * their six pairs.
 */
package org.omnireward.data.sets.finegrainedqa;
