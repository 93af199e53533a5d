package org.omnireward.media;

import java.util.Objects;
import java.util.SplittableRandom;
import org.omnireward.core.InvalidInputException;

/**
 * A mono audio clip: samples in [-1, 1] at a sample rate. This is what {@link AudioDecoder} returns
 * and {@link Wav} writes;
 * the static factories make test and demo sounds (tones, seeded noise, silence) and join clips the
 * way single-audio judges need them (two candidates with silence between, protocol.md, "Evaluation protocol").
 *
 * <p>The sample array is not copied; do not modify it after handing it over.
 *
 * @param sampleRate samples per second, positive
 * @param samples the signal, nominally in [-1, 1] (values outside are clipped when written)
 */
public record AudioClip(int sampleRate, float[] samples) {

    public AudioClip {
        if (sampleRate <= 0) {
            throw new InvalidInputException("sample rate must be positive, got " + sampleRate);
        }
        Objects.requireNonNull(samples, "samples");
    }

    /** Length in seconds. */
    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }

    /** A sine tone. {@code amplitude} is in (0, 1]. */
    public static AudioClip sine(double frequencyHz, double seconds, int sampleRate, double amplitude) {
        float[] s = new float[sampleCount(seconds, sampleRate)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequencyHz * i / sampleRate));
        }
        return new AudioClip(sampleRate, s);
    }

    /** Uniform white noise in [-amplitude, amplitude]; the same seed gives the same samples. */
    public static AudioClip whiteNoise(double seconds, int sampleRate, double amplitude, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] s = new float[sampleCount(seconds, sampleRate)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (amplitude * (2 * random.nextDouble() - 1));
        }
        return new AudioClip(sampleRate, s);
    }

    /** Digital silence. */
    public static AudioClip silence(double seconds, int sampleRate) {
        return new AudioClip(sampleRate, new float[sampleCount(seconds, sampleRate)]);
    }

    /**
     * {@code a}, then {@code silenceSeconds} of silence, then {@code b}.
     *
     * @throws InvalidInputException when the two clips have different sample rates
     */
    public static AudioClip concat(AudioClip a, AudioClip b, double silenceSeconds) {
        if (a.sampleRate != b.sampleRate) {
            throw new InvalidInputException("cannot join clips of different sample rates (" + a.sampleRate + " Hz and "
                    + b.sampleRate + " Hz); resample first");
        }
        int gap = sampleCount(silenceSeconds, a.sampleRate);
        float[] s = new float[a.samples.length + gap + b.samples.length];
        System.arraycopy(a.samples, 0, s, 0, a.samples.length);
        System.arraycopy(b.samples, 0, s, a.samples.length + gap, b.samples.length);
        return new AudioClip(a.sampleRate, s);
    }

    /** Multiplies every sample by {@code gain}. */
    public AudioClip scaled(double gain) {
        float[] s = new float[samples.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (samples[i] * gain);
        }
        return new AudioClip(sampleRate, s);
    }

    /** Root mean square level (0 for silence, about 0.707 for a full-scale sine). */
    public double rms() {
        if (samples.length == 0) {
            return 0;
        }
        double sum = 0;
        for (float v : samples) {
            sum += v * (double) v;
        }
        return Math.sqrt(sum / samples.length);
    }

    /**
     * The frequency with the most energy, from a Hann-windowed FFT of up to 16,384 samples taken from
     * the middle of the clip (resolution: sample rate / window length). 0 for silence or an empty clip.
     */
    public double dominantFrequencyHz() {
        int n = Integer.highestOneBit(Math.min(samples.length, 16384));
        if (n < 2) {
            return 0;
        }
        int start = (samples.length - n) / 2;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            re[i] = samples[start + i] * w;
        }
        fft(re, im);
        int best = 0;
        double bestPower = 0;
        for (int k = 1; k <= n / 2; k++) {
            double p = re[k] * re[k] + im[k] * im[k];
            if (p > bestPower) {
                bestPower = p;
                best = k;
            }
        }
        return best * (double) sampleRate / n;
    }

    /** In-place iterative radix-2 FFT; the length must be a power of two. */
    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double angle = -2 * Math.PI / len;
            double wRe = Math.cos(angle);
            double wIm = Math.sin(angle);
            for (int i = 0; i < n; i += len) {
                double curRe = 1;
                double curIm = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = i + k;
                    int b = a + len / 2;
                    double tRe = re[b] * curRe - im[b] * curIm;
                    double tIm = re[b] * curIm + im[b] * curRe;
                    re[b] = re[a] - tRe;
                    im[b] = im[a] - tIm;
                    re[a] += tRe;
                    im[a] += tIm;
                    double nextRe = curRe * wRe - curIm * wIm;
                    curIm = curRe * wIm + curIm * wRe;
                    curRe = nextRe;
                }
            }
        }
    }

    private static int sampleCount(double seconds, int sampleRate) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new InvalidInputException("duration must be a non-negative number of seconds, got " + seconds);
        }
        if (sampleRate <= 0) {
            throw new InvalidInputException("sample rate must be positive, got " + sampleRate);
        }
        return (int) Math.round(seconds * sampleRate);
    }
}
