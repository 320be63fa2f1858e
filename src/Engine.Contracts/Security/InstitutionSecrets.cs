using System.Security.Cryptography;
using System.Text;

namespace Engine.Contracts.Security;

/// <summary>
/// Per-institution sign-in secrets, diversified from one terminal master key: secret(institution) =
/// lowercase hex of HMAC-SHA256(masterKey, "SETTLE-INSTITUTION-1" ‖ UTF-8 institution code). The operator issues
/// each hospital its own secret (<c>Engine.Silo secret &lt;institution&gt;</c>); a leaked secret exposes one
/// institution only, and the gateway needs no table of secrets. Key diversification as in payment terminals.
/// </summary>
public static class InstitutionSecrets
{
    /// <summary>The domain-separation label of the derivation.</summary>
    public const string Label = "SETTLE-INSTITUTION-1";

    /// <summary>The secret of <paramref name="institution"/> under <paramref name="masterKey"/>.</summary>
    public static string Derive(string masterKey, string institution)
    {
        ArgumentException.ThrowIfNullOrEmpty(masterKey);
        ArgumentException.ThrowIfNullOrEmpty(institution);
        var input = Encoding.UTF8.GetBytes(Label + institution);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(masterKey), input);
        return Convert.ToHexStringLower(mac);
    }
}
