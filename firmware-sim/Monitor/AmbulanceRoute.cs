namespace TelemetryGateway.FirmwareSim.Monitor;

/// <summary>Where the ambulance is, how fast and where to.</summary>
internal sealed record RoutePoint(double Latitude, double Longitude, double SpeedMetresPerSecond, double HeadingDegrees, TimeSpan? Remaining);

/// <summary>
/// The drive to the receiving emergency department: a great-circle line from <paramref name="from"/> to
/// <paramref name="to"/> at a constant speed, then parked at the door. Pure: a function of elapsed time.
/// </summary>
internal sealed class AmbulanceRoute((double Lat, double Lon) from, (double Lat, double Lon) to, double speedMetresPerSecond)
{
    private const double EarthRadiusMetres = 6_371_000;

    public double DistanceMetres { get; } = Distance(from, to);

    public TimeSpan Duration => TimeSpan.FromSeconds(DistanceMetres / speedMetresPerSecond);

    /// <summary>Position, speed, heading and time left at <paramref name="elapsed"/>; speed 0 and 0 left once arrived.</summary>
    public RoutePoint At(TimeSpan elapsed)
    {
        var heading = Bearing(from, to);
        var travelled = Math.Max(0, elapsed.TotalSeconds) * speedMetresPerSecond;
        if (travelled >= DistanceMetres)
        {
            return new RoutePoint(to.Lat, to.Lon, 0, heading, TimeSpan.Zero);
        }
        var f = travelled / DistanceMetres;
        // Linear in latitude/longitude: over a few kilometres the difference to the great circle is centimetres.
        var lat = from.Lat + ((to.Lat - from.Lat) * f);
        var lon = from.Lon + ((to.Lon - from.Lon) * f);
        return new RoutePoint(lat, lon, speedMetresPerSecond, heading, TimeSpan.FromSeconds((DistanceMetres - travelled) / speedMetresPerSecond));
    }

    /// <summary>Haversine distance in metres.</summary>
    public static double Distance((double Lat, double Lon) a, (double Lat, double Lon) b)
    {
        var dLat = Radians(b.Lat - a.Lat);
        var dLon = Radians(b.Lon - a.Lon);
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Radians(a.Lat)) * Math.Cos(Radians(b.Lat)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>Initial great-circle bearing, degrees clockwise from true north, 0–360.</summary>
    public static double Bearing((double Lat, double Lon) a, (double Lat, double Lon) b)
    {
        var dLon = Radians(b.Lon - a.Lon);
        var y = Math.Sin(dLon) * Math.Cos(Radians(b.Lat));
        var x = (Math.Cos(Radians(a.Lat)) * Math.Sin(Radians(b.Lat))) - (Math.Sin(Radians(a.Lat)) * Math.Cos(Radians(b.Lat)) * Math.Cos(dLon));
        return (Math.Atan2(y, x) * 180 / Math.PI + 360) % 360;
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
