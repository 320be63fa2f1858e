using System.Security.Cryptography;
using System.Text;

namespace Engine.Client;

/// <summary>
/// The msgId of the 2601 a client sends for an original whose outcome stayed unknown: 29 upper-case hex digits of
/// SHA-256("SETTLE-REVERSE-1" ‖ UTF-8 original msgId) followed by "R", 30 characters. Deterministic, so that a
/// retransmitted or repeated reversal (even from a restarted client) is the same transaction to the engine, and
/// practically distinct from any msgId a HIS generates.
/// </summary>
public static class ReversalMsgIds
{
    /// <summary>Characters of a derived msgId, the national limit.</summary>
    public const int Length = 30;

    private const string Label = "SETTLE-REVERSE-1";

    /// <summary>The reversal msgId of <paramref name="originalMsgId"/>.</summary>
    public static string Derive(string originalMsgId)
    {
        ArgumentException.ThrowIfNullOrEmpty(originalMsgId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Label + originalMsgId));
        return Convert.ToHexString(hash)[..(Length - 1)] + "R";
    }
}
