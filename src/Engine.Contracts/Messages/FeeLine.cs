namespace Engine.Contracts.Messages;

/// <summary>One uploaded fee line (2204 feedetail).</summary>
/// <param name="LineNo">The HIS line number, unique within the batch, ≥ 1.</param>
/// <param name="Code">The fee item code looked up in the treatment region's catalogue.</param>
/// <param name="Quantity">Positive, up to four decimals; matters only for the price cap.</param>
/// <param name="UnitPrice">Informational; never checked against <paramref name="Amount"/>.</param>
/// <param name="Amount">Authoritative line amount, &gt; 0.</param>
[GenerateSerializer, Immutable, Alias("Engine.Contracts.Messages.FeeLine")]
public sealed record FeeLine(int LineNo, string Code, Quantity Quantity, Quantity UnitPrice, Money Amount);
