/**
 * {@code data export}: unified records to what GPU trainers read (LLaMA-Factory in two flavors,
 * TRL, EasyR1), one file per task, with what a trainer cannot read refused and counted.
 */
package org.omnireward.data.export;
