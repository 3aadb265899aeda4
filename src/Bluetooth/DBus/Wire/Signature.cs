namespace TelemetryGateway.Bluetooth.DBus.Wire;

/// <summary>
/// Type signatures (D-Bus Specification 0.41 "Type System" and "Valid Signatures"): validation with the
/// nesting limits, splitting into single complete types, alignment per type code.
/// </summary>
public static class Signature
{
    /// <summary>"The maximum length of a signature is 255."</summary>
    public const int MaxLength = 255;

    /// <summary>"The maximum depth of container type nesting is 32 array type codes and 32 open parentheses."</summary>
    public const int MaxArrayDepth = 32;

    public const int MaxStructDepth = 32;

    /// <summary>Total nesting, variants included, a reader accepts before calling the message malformed.</summary>
    public const int MaxTotalDepth = 64;

    private const string BasicCodes = "ybnqiuxtdsogh";

    /// <summary>True for the fixed and string-like basic type codes (allowed as dict keys).</summary>
    public static bool IsBasic(char code) => BasicCodes.Contains(code, StringComparison.Ordinal);

    /// <summary>Alignment in bytes of a value whose type starts with <paramref name="code"/> ("Marshaling").</summary>
    public static int AlignmentOf(char code) => code switch
    {
        'y' or 'g' or 'v' => 1,
        'n' or 'q' => 2,
        'b' or 'i' or 'u' or 'h' or 's' or 'o' or 'a' => 4,
        'x' or 't' or 'd' or '(' or '{' => 8,
        _ => throw new DBusProtocolException($"Unknown type code '{code}'."),
    };

    /// <summary>Throws <see cref="DBusProtocolException"/> unless <paramref name="signature"/> is a valid signature (possibly empty).</summary>
    public static void Validate(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.Length > MaxLength)
        {
            throw new DBusProtocolException($"Signature is {signature.Length} characters long; the limit is {MaxLength}.");
        }

        var position = 0;
        while (position < signature.Length)
        {
            position = CompleteTypeEnd(signature, position);
        }
    }

    /// <summary>Throws unless <paramref name="signature"/> is exactly one complete type (as a variant carries).</summary>
    public static void ValidateSingle(string signature)
    {
        Validate(signature);
        if (signature.Length == 0 || CompleteTypeEnd(signature, 0) != signature.Length)
        {
            throw new DBusProtocolException($"Signature '{signature}' is not a single complete type.");
        }
    }

    /// <summary>The single complete types of <paramref name="signature"/>, in order.</summary>
    public static IReadOnlyList<string> Split(string signature)
    {
        var types = new List<string>();
        var position = 0;
        while (position < signature.Length)
        {
            var end = CompleteTypeEnd(signature, position);
            types.Add(signature[position..end]);
            position = end;
        }

        return types;
    }

    /// <summary>Index just past the single complete type starting at <paramref name="start"/>; validates it.</summary>
    public static int CompleteTypeEnd(string signature, int start) => Parse(signature, start, 0, 0);

    private static int Parse(string signature, int position, int arrays, int structs)
    {
        if (position >= signature.Length)
        {
            throw new DBusProtocolException($"Signature '{signature}' ends inside a container type.");
        }

        var code = signature[position];
        switch (code)
        {
            case 'a':
                if (arrays + 1 > MaxArrayDepth || arrays + structs + 1 > MaxTotalDepth)
                {
                    throw new DBusProtocolException($"Signature '{signature}' nests arrays deeper than {MaxArrayDepth}.");
                }

                if (position + 1 < signature.Length && signature[position + 1] == '{')
                {
                    return ParseDictEntry(signature, position + 1, arrays + 1, structs);
                }

                return Parse(signature, position + 1, arrays + 1, structs);
            case '(':
                {
                    if (structs + 1 > MaxStructDepth || arrays + structs + 1 > MaxTotalDepth)
                    {
                        throw new DBusProtocolException($"Signature '{signature}' nests structs deeper than {MaxStructDepth}.");
                    }

                    var next = position + 1;
                    if (next < signature.Length && signature[next] == ')')
                    {
                        throw new DBusProtocolException($"Signature '{signature}' has an empty struct.");
                    }

                    while (next < signature.Length && signature[next] != ')')
                    {
                        next = Parse(signature, next, arrays, structs + 1);
                    }

                    if (next >= signature.Length)
                    {
                        throw new DBusProtocolException($"Signature '{signature}' has an unclosed struct.");
                    }

                    return next + 1;
                }

            case '{':
                throw new DBusProtocolException($"Signature '{signature}' has a dict entry outside an array (position {position}).");
            case ')' or '}':
                throw new DBusProtocolException($"Signature '{signature}' has an unmatched '{code}' at position {position}.");
            case 'v':
                return position + 1;
            default:
                if (!IsBasic(code))
                {
                    throw new DBusProtocolException($"Signature '{signature}' has an unknown type code '{code}' at position {position}.");
                }

                return position + 1;
        }
    }

    private static int ParseDictEntry(string signature, int open, int arrays, int structs)
    {
        if (structs + 1 > MaxStructDepth)
        {
            throw new DBusProtocolException($"Signature '{signature}' nests structs deeper than {MaxStructDepth}.");
        }

        var key = open + 1;
        if (key >= signature.Length || !IsBasic(signature[key]))
        {
            throw new DBusProtocolException($"Signature '{signature}': a dict entry key must be a basic type (position {key}).");
        }

        var value = key + 1;
        var end = Parse(signature, value, arrays, structs + 1);
        if (end >= signature.Length || signature[end] != '}')
        {
            throw new DBusProtocolException($"Signature '{signature}': a dict entry holds exactly a key and a value.");
        }

        return end + 1;
    }
}
