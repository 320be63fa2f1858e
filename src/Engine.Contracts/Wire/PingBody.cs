namespace Engine.Contracts.Wire;

/// <summary>0x0006 Ping (client → server): one no-op call to the person grain of <paramref name="PsnNo"/>.</summary>
/// <param name="PsnNo">Which person grain to call (it need not exist in reference data).</param>
/// <param name="Value">Any value; the reply echoes it.</param>
public sealed record PingBody(string PsnNo, int Value);
