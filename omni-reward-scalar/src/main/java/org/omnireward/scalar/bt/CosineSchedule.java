package org.omnireward.scalar.bt;

/**
 * Learning rate by step: linear warm-up from lr/warmup to lr over {@code warmupSteps}, then a
 * half-cosine from lr down to {@code minFraction}·lr at the last planned step.
 */
record CosineSchedule(double peak, long totalSteps, long warmupSteps, double minFraction) {

    /** The learning rate of step {@code step} (0-based). */
    double at(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        double floor = peak * minFraction;
        return floor + (peak - floor) * 0.5 * (1 + StrictMath.cos(Math.PI * progress));
    }
}
