using System.Diagnostics;
using Engine.Client;
using Engine.Contracts.Messages;
using Engine.Contracts.Security;
using Engine.LoadTests.Population;

namespace Engine.LoadTests.Chaos;

/// <summary>
/// One hospital terminal that knows every started silo's gateway, as a HIS configured with the cluster's addresses
/// would: one <see cref="SettlementClient"/> with those gateways as its endpoints (it retransmits with the same
/// msgId, sends the automatic 2601, fails over to the next gateway when its current one cannot be reached, and tries
/// its home gateway again <see cref="HomeRetryMs"/> after leaving it).
/// </summary>
internal sealed class ChaosTerminal : IAsyncDisposable
{
    /// <summary>How long a terminal stays on a failover silo before trying its home silo again.</summary>
    public const int HomeRetryMs = 10_000;

    private readonly IReadOnlyList<int> ports;
    private readonly string secret;
    private readonly Lock reconfigureLock = new();
    private readonly List<SettlementClient> retired = [];
    private SettlementClient client;

    public ChaosTerminal(int index, InstitutionRef institution, string adminSecret, IReadOnlyList<int> ports,
        SiloRoster roster)
    {
        Index = index;
        Institution = institution;
        this.ports = ports;
        secret = InstitutionSecrets.Derive(adminSecret, institution.Code);
        Home = index % roster.Started;
        client = NewClient(roster.Started, Home);
    }

    public int Index { get; }
    public InstitutionRef Institution { get; }

    /// <summary>The terminal's client now (it fails over by itself); the verifier reads through it.</summary>
    public SettlementClient Client => Volatile.Read(ref client);

    /// <summary>The 0-based silo this terminal prefers (<see cref="Reconfigure"/>).</summary>
    public int Home { get; private set; }

    /// <summary>
    /// Gives the terminal the first <paramref name="started"/> silos' gateways and <paramref name="home"/> as its
    /// home (a silo was added: the operator hands out the new address). Steps in progress finish on the old client.
    /// </summary>
    public void Reconfigure(int started, int home)
    {
        lock (reconfigureLock)
        {
            retired.Add(client);
            Home = home;
            Volatile.Write(ref client, NewClient(started, home));
        }
    }

    /// <summary>Sends through the client, trying again while no gateway could be reached (nothing was sent).</summary>
    /// <returns>The reply (possibly an OUTCOME_UNKNOWN of the library) and the 0-based silo that gave it.</returns>
    public async Task<(TransactionReply Reply, int Silo)> SendAsync(
        Func<SettlementClient, Task<TransactionReply>> send, TimeSpan budget, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var current = Volatile.Read(ref client);
            try
            {
                var reply = await send(current);
                var silo = current.TryGetAnsweringEndpoint(reply, out var endpoint) ? SiloOf(endpoint) : -1;
                return (reply, silo);
            }
            catch (Exception exception) when (exception is System.Net.Sockets.SocketException or TimeoutException
                or IOException or System.Security.Authentication.AuthenticationException
                && !cancellationToken.IsCancellationRequested)
            {
                // SettlementClient's contract: nothing was sent, on any gateway. The same request may go again.
                if (Stopwatch.GetElapsedTime(started) > budget) throw;
                await Task.Delay(Math.Min(1_000, 100 * attempt), cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<SettlementClient> all;
        lock (reconfigureLock) all = [.. retired, client];
        foreach (var each in all) await each.DisposeAsync();
    }

    private int SiloOf(GatewayEndpoint endpoint)
    {
        for (var silo = 0; silo < ports.Count; silo++)
        {
            if (ports[silo] == endpoint.Port) return silo;
        }
        return -1;
    }

    private SettlementClient NewClient(int started, int home) => new(new SettlementClientOptions
    {
        Endpoints = [.. ports.Take(started).Select(port => new GatewayEndpoint("127.0.0.1", port))],
        HomeEndpointIndex = home,
        HomeRetryMs = HomeRetryMs,
        Institution = Institution.Code,
        TerminalId = $"chaos-{Index:D4}",
        Secret = secret,
        // The gateway answers OUTCOME_UNKNOWN after its own 10 s; a little more here.
        RequestTimeoutMs = 12_000,
        ConnectTimeoutMs = 3_000,
        RetransmissionsMax = 4,
        RetransmissionDelayMs = 250,
    });
}
