namespace Engine.Scenarios;

/// <summary>One expected value a replay did not produce.</summary>
/// <param name="Step">The step's index, from 0.</param>
/// <param name="Path">The expectation's path in the file, e.g. <c>$.steps[2].expect.settlement.hifp_pay</c>.</param>
/// <param name="Expected">The expected JSON value, compact.</param>
/// <param name="Actual">The actual JSON value, compact, or <see cref="ExpectationChecker.Absent"/>.</param>
public sealed record ExpectationMismatch(int Step, string Path, string Expected, string Actual)
{
    /// <inheritdoc />
    public override string ToString() => $"step {Step}: {Path}: expected {Expected}, got {Actual}";
}
