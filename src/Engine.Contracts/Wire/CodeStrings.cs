using System.Text;

namespace Engine.Contracts.Wire;

/// <summary>
/// One shared instance per short code (a region, a bucket, a disease, a batch number) instead of one per decoded
/// message. What a message names is kept — a person's profile holds its region, a visit its batch numbers, the
/// accumulators their bucket — so every decoded copy of the same few codes stayed alive: a heap dump after a
/// 60-second <c>visit</c> load held 100,000 copies of "GEN_OTP", 100,000 of the eight region codes and 168,827 of
/// the batch number "1" (docs/performance.md).
/// </summary>
/// <remarks>
/// Direct-mapped and bounded: a code whose slot another code holds is decoded anew and takes the slot, so the
/// table never grows, never locks, and a peer sending many distinct codes only costs itself the allocations it
/// would have cost anyway. A slot holds one immutable entry, swapped whole, so a reader sees a complete one.
/// </remarks>
public static class CodeStrings
{
    /// <summary>Codes longer than this many UTF-8 bytes are not shared (identifiers, names, messages).</summary>
    public const int LengthMax = 24;

    private const int SlotBits = 10;
    private static readonly Entry?[] Slots = new Entry?[1 << SlotBits];

    /// <summary>The shared string of <paramref name="utf8"/> (valid UTF-8), or a new one when it is long.</summary>
    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return string.Empty;
        if (utf8.Length > LengthMax) return Encoding.UTF8.GetString(utf8);
        ref var slot = ref Slots[SlotOf(utf8)];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && utf8.SequenceEqual(entry.Utf8)) return entry.Value;
        var value = Encoding.UTF8.GetString(utf8);
        Volatile.Write(ref slot, new Entry(utf8.ToArray(), value));
        return value;
    }

    // FNV-1a over at most LengthMax bytes, folded to the slot bits.
    private static int SlotOf(ReadOnlySpan<byte> utf8)
    {
        var hash = 2166136261u;
        foreach (var b in utf8) hash = (hash ^ b) * 16777619u;
        return (int)((hash ^ (hash >> SlotBits) ^ (hash >> (2 * SlotBits))) & ((1u << SlotBits) - 1));
    }

    private sealed class Entry(byte[] utf8, string value)
    {
        public byte[] Utf8 { get; } = utf8;
        public string Value { get; } = value;
    }
}
