using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Engine.Settlement;

/// <summary>
/// Assertions that stay on in Release builds (TigerStyle). A failed invariant is a bug: it throws before any
/// state is written, the transaction is not committed, and nothing may catch it to carry on.
/// </summary>
public static class Invariant
{
    /// <summary>Throws <see cref="InvariantViolationException"/> when <paramref name="condition"/> is false.</summary>
    public static void Assert(
        [DoesNotReturnIf(false)] bool condition,
        [CallerArgumentExpression(nameof(condition))] string? expression = null)
    {
        if (!condition)
        {
            Fail(expression);
        }
    }

    [DoesNotReturn, StackTraceHidden, MethodImpl(MethodImplOptions.NoInlining)]
    private static void Fail(string? expression) =>
        throw new InvariantViolationException($"Invariant violated: {expression}");
}
