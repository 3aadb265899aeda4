namespace TelemetryGateway.Hub;

/// <summary>Checks <see cref="HubOptions"/> once at start, so that a bad setting stops the hub with a clear
/// message instead of refusing every gateway later.</summary>
internal static class HubOptionsValidator
{
    /// <exception cref="InvalidOperationException">The first setting that is wrong, named by its configuration key.</exception>
    public static void Validate(HubOptions options)
    {
        Require(options.MaxBatchReadings > 0, "Hub:MaxBatchReadings must be positive.");
        Require(!string.IsNullOrWhiteSpace(options.DataDirectory), "Hub:DataDirectory must be set.");
        ListenAddress.Parse(options.GrpcUrl, "Hub:GrpcUrl");
        ListenAddress.Parse(options.HttpUrl, "Hub:HttpUrl");
        foreach (var (id, gateway) in options.Gateways)
        {
            Require(!string.IsNullOrWhiteSpace(id), "Hub:Gateways has an empty gateway id.");
            Require(gateway is not null, $"Hub:Gateways:{id} is empty.");
            if (!string.IsNullOrEmpty(gateway!.Secret))
            {
                Require(SecretHasher.IsHash(gateway.Secret),
                    $"Hub:Gateways:{id}:Secret is not a hash from 'tg hash-secret' (pbkdf2-sha256$<iterations>$<salt>$<hash>); never configure the plain secret.");
            }
        }
        for (var i = 0; i < options.Bindings.Count; i++)
        {
            var binding = options.Bindings[i];
            Require(!string.IsNullOrWhiteSpace(binding.DeviceId), $"Hub:Bindings:{i}:DeviceId must be set.");
            Require(!string.IsNullOrWhiteSpace(binding.PatientId), $"Hub:Bindings:{i}:PatientId must be set.");
            Require(binding.Until is null || binding.From is null || binding.Until > binding.From,
                $"Hub:Bindings:{i}: Until must be after From.");
        }
        var tls = options.Tls;
        Require(string.IsNullOrEmpty(tls.CertificatePath) == string.IsNullOrEmpty(tls.KeyPath),
            "Hub:Tls:CertificatePath and Hub:Tls:KeyPath must be set together.");
        Require(string.IsNullOrEmpty(tls.ClientCaPath) || !string.IsNullOrEmpty(tls.CertificatePath),
            "Hub:Tls:ClientCaPath needs a server certificate (Hub:Tls:CertificatePath) and an https:// Hub:GrpcUrl.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
