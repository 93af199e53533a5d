package org.omnireward.training;

/**
 * The learning rate by step, the one schedule of every trainer here: a linear warm-up from peak/w to the
 * peak over the first {@code warmupSteps} (w), then a half cosine from the peak down to
 * {@code floorFraction}·peak. The cosine reaches the floor one step after the last ({@code lastStepAtFloor}
 * false, how {@code train bt} plans it) or at the last step ({@code true}, how {@code train rm} does).
 *
 * @param peak the highest learning rate (1 for a multiplier)
 * @param totalSteps the planned number of steps
 * @param warmupSteps steps of the warm-up (0 for none)
 * @param floorFraction the lowest rate as a fraction of the peak
 * @param lastStepAtFloor whether the last planned step already runs at the floor
 */
public record WarmupCosineSchedule(
        double peak, long totalSteps, long warmupSteps, double floorFraction, boolean lastStepAtFloor) {

    public WarmupCosineSchedule {
        if (totalSteps < 0 || warmupSteps < 0 || !(floorFraction >= 0 && floorFraction <= 1)) {
            throw new IllegalArgumentException(
                    "bad schedule: " + totalSteps + " steps, " + warmupSteps + " warm-up, floor " + floorFraction);
        }
    }

    /** A multiplier schedule (peak 1) whose warm-up is {@code warmupFraction} of the steps, rounded up. */
    public static WarmupCosineSchedule ofFraction(
            long totalSteps, double warmupFraction, double floorFraction, boolean lastStepAtFloor) {
        return new WarmupCosineSchedule(
                1, totalSteps, (long) Math.ceil(warmupFraction * totalSteps), floorFraction, lastStepAtFloor);
    }

    /** The learning rate of step {@code step} (0-based). */
    public double at(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress;
        if (lastStepAtFloor) {
            progress =
                    totalSteps - warmupSteps <= 1 ? 1 : (step - warmupSteps) / (double) (totalSteps - warmupSteps - 1);
        } else {
            progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        }
        double floor = peak * floorFraction;
        return floor + (peak - floor) * 0.5 * (1 + StrictMath.cos(Math.PI * Math.min(1, progress)));
    }
}
