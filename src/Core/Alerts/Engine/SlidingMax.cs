namespace TelemetryGateway.Core.Alerts.Engine;

/// <summary>The maximum of the values of a time window, by a monotonic queue: each value enters and leaves
/// once, so a 1 Hz feed costs O(1) per reading; the ring grows by doubling and never allocates afterwards.</summary>
internal sealed class SlidingMax
{
    private long[] _ticks = new long[16];
    private double[] _values = new double[16];
    private int _head;
    private int _count;

    public double Max => _values[_head];

    public long MaxTicks => _ticks[_head];

    public bool IsEmpty => _count == 0;

    /// <summary>Adds a value; values it dominates (not larger and older) leave.</summary>
    public void Add(long ticks, double value)
    {
        while (_count > 0 && _values[Index(_count - 1)] <= value)
        {
            _count--;
        }
        if (_count == _values.Length)
        {
            Grow();
        }
        var at = Index(_count);
        _ticks[at] = ticks;
        _values[at] = value;
        _count++;
    }

    /// <summary>Removes values measured before <paramref name="oldestTicks"/>.</summary>
    public void Evict(long oldestTicks)
    {
        while (_count > 0 && _ticks[_head] < oldestTicks)
        {
            _head = (_head + 1) % _values.Length;
            _count--;
        }
    }

    private int Index(int offset) => (_head + offset) % _values.Length;

    private void Grow()
    {
        var ticks = new long[_values.Length * 2];
        var values = new double[_values.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            ticks[i] = _ticks[Index(i)];
            values[i] = _values[Index(i)];
        }
        _ticks = ticks;
        _values = values;
        _head = 0;
    }
}
