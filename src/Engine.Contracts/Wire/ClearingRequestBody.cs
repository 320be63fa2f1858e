namespace Engine.Contracts.Wire;

/// <summary>0x9102 Clearing (admin): the month whose clearing statement to return.</summary>
/// <param name="Year">1 to 9999.</param>
/// <param name="Month">1 to 12.</param>
public sealed record ClearingRequestBody(int Year, int Month);
