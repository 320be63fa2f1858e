namespace Engine.Client;

/// <summary>
/// One silo's terminal gateway: a host name or address and a port. Every silo of a cluster serves every institution
/// (docs/operations.md §1), so a <see cref="SettlementClient"/> given several fails over among them.
/// </summary>
/// <param name="Host">A host name or address; not empty.</param>
/// <param name="Port">The terminal port, 1 to 65535.</param>
public sealed record GatewayEndpoint(string Host, int Port)
{
    /// <summary>"host:port", for logs and messages.</summary>
    public override string ToString() => $"{Host}:{Port}";
}
