namespace TelemetryGateway.Cli.Demo;

/// <summary>
/// A plausible lead-II trace in µV: each beat a sum of Gaussian P, Q, R, S and T waves (the shape of
/// McSharry's dynamical ECG model, without its dynamics), at the heart rate given per chunk.
/// </summary>
internal sealed class SyntheticEcg(double sampleRateHz)
{
    // (centre as a fraction of the beat, width as a fraction of the beat, amplitude µV)
    private static readonly (double Centre, double Width, double Amplitude)[] Waves =
    [
        (0.16, 0.025, 150), (0.27, 0.010, -120), (0.30, 0.012, 1200), (0.33, 0.010, -250), (0.55, 0.045, 320),
    ];

    private double _phase;

    public int[] Next(int samples, double heartRate, Random noise)
    {
        var result = new int[samples];
        var step = heartRate / 60.0 / sampleRateHz;
        for (var i = 0; i < samples; i++)
        {
            var value = 0.0;
            foreach (var (centre, width, amplitude) in Waves)
            {
                var d = _phase - centre;
                value += amplitude * Math.Exp(-d * d / (2 * width * width));
            }
            result[i] = (int)Math.Round(value + noise.NextDouble() * 20 - 10);
            _phase += step;
            if (_phase >= 1)
            {
                _phase -= 1;
            }
        }
        return result;
    }
}
