using System.Diagnostics.CodeAnalysis;

namespace Engine.Contracts.Wire;

/// <summary>
/// The wire encodings of local times and dates (docs/protocol.md §3): a local date-time is the int64 whose decimal
/// digits read yyyyMMddHHmmss (20250601090000 = 2025-06-01 09:00:00 China Standard Time, no zone), a date is the
/// int32 yyyyMMdd. 0 means missing and stands for <c>default</c>. Whole seconds only; years 1 to 9999.
/// </summary>
public static class WireTime
{
    private const long SecondsFactor = 1;
    private const long MinutesFactor = 100;
    private const long HoursFactor = 10_000;
    private const long DaysFactor = 1_000_000;
    private const long MonthsFactor = 100_000_000;
    private const long YearsFactor = 10_000_000_000;

    /// <summary>yyyyMMddHHmmss of <paramref name="value"/>; 0 for <c>default</c>. The kind is ignored: the value is
    /// taken as China Standard Time.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> has a fraction of a second
    /// (use <see cref="TruncateToSeconds"/> first: the wire never rounds silently).</exception>
    public static long EncodeDateTime(DateTime value)
    {
        if (value == default) return 0;
        if (value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException("The wire carries whole seconds; truncate the time first.", nameof(value));
        }
        return value.Year * YearsFactor + value.Month * MonthsFactor + value.Day * DaysFactor
            + value.Hour * HoursFactor + value.Minute * MinutesFactor + value.Second * SecondsFactor;
    }

    /// <summary>Reads yyyyMMddHHmmss; 0 gives <c>default</c>. False for a negative number or an impossible
    /// date or time (month 13, 30 February, hour 24, …). The result's kind is Unspecified.</summary>
    public static bool TryDecodeDateTime(long wire, out DateTime value)
    {
        value = default;
        if (wire == 0) return true;
        if (wire < 0) return false;
        var year = wire / YearsFactor;
        var month = (int)(wire / MonthsFactor % 100);
        var day = (int)(wire / DaysFactor % 100);
        var hour = (int)(wire / HoursFactor % 100);
        var minute = (int)(wire / MinutesFactor % 100);
        var second = (int)(wire % 100);
        if (!IsValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return false;
        value = new DateTime((int)year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary>yyyyMMdd of <paramref name="value"/>; 0 for <c>default</c>.</summary>
    public static int EncodeDate(DateOnly value) =>
        value == default ? 0 : value.Year * 10_000 + value.Month * 100 + value.Day;

    /// <summary>Reads yyyyMMdd; 0 gives <c>default</c>. False for a negative number or an impossible date.</summary>
    public static bool TryDecodeDate(int wire, out DateOnly value)
    {
        value = default;
        if (wire == 0) return true;
        if (wire < 0) return false;
        var year = wire / 10_000;
        var month = wire / 100 % 100;
        var day = wire % 100;
        if (!IsValidDate(year, month, day)) return false;
        value = new DateOnly(year, month, day);
        return true;
    }

    /// <summary><paramref name="value"/> without its fraction of a second (toward the past), kind kept.</summary>
    public static DateTime TruncateToSeconds(DateTime value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, value.Kind);

    private static bool IsValidDate(long year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1
        && day <= DateTime.DaysInMonth((int)year, month);

    /// <summary>Reads yyyyMMddHHmmss, throwing <see cref="ProtocolViolationReason.MalformedBody"/> when
    /// invalid.</summary>
    internal static DateTime DecodeDateTimeOrThrow(long wire) =>
        TryDecodeDateTime(wire, out var value) ? value : ThrowInvalid<DateTime>(wire, "yyyyMMddHHmmss");

    /// <summary>Reads yyyyMMdd, throwing <see cref="ProtocolViolationReason.MalformedBody"/> when invalid.</summary>
    internal static DateOnly DecodeDateOrThrow(int wire) =>
        TryDecodeDate(wire, out var value) ? value : ThrowInvalid<DateOnly>(wire, "yyyyMMdd");

    [DoesNotReturn]
    private static T ThrowInvalid<T>(long wire, string format) =>
        ProtocolViolation.Throw<T>(ProtocolViolationReason.MalformedBody, $"{wire} is not a valid {format}.");
}
