/**
 * {@code data synthesize}: a teacher model writes a criterion favouring a seeded side and verifier
 * judges check it blind; kept and dropped pairs keep their audit trail; resumable.
 */
package org.omnireward.data.synth;
