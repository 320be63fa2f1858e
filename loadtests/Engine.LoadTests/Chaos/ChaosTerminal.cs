using System.Diagnostics;
using Engine.Client;
using Engine.Contracts.Messages;
using Engine.Contracts.Security;
using Engine.LoadTests.Population;

namespace Engine.LoadTests.Chaos;

/// <summary>
/// One hospital terminal that knows every silo's gateway, as a HIS configured with the cluster's addresses would: a
/// <see cref="SettlementClient"/> per silo (it retransmits with the same msgId and sends the automatic 2601), a
/// home silo, and failover to the next silo when its current one cannot be reached. It tries its home silo again
/// <see cref="HomeRetryMs"/> after leaving it (no oracle tells it the silo is back).
/// </summary>
internal sealed class ChaosTerminal : IAsyncDisposable
{
    /// <summary>How long a terminal stays on a failover silo before trying its home silo again.</summary>
    public const int HomeRetryMs = 10_000;

    private readonly SettlementClient[] clients;
    private readonly SiloRoster roster;
    private int current;
    private long leftHomeTimestamp;

    public ChaosTerminal(int index, InstitutionRef institution, string adminSecret, IReadOnlyList<int> ports,
        SiloRoster roster)
    {
        Index = index;
        Institution = institution;
        this.roster = roster;
        var secret = InstitutionSecrets.Derive(adminSecret, institution.Code);
        clients = [.. ports.Select(port => new SettlementClient(new SettlementClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Institution = institution.Code,
            TerminalId = $"chaos-{index:D4}",
            Secret = secret,
            // The gateway answers OUTCOME_UNKNOWN after its own 10 s; a little more here.
            RequestTimeoutMs = 12_000,
            ConnectTimeoutMs = 3_000,
            RetransmissionsMax = 4,
            RetransmissionDelayMs = 250,
        }))];
        Home = index % roster.Started;
        current = Home;
    }

    public int Index { get; }
    public InstitutionRef Institution { get; }

    /// <summary>The 0-based silo this terminal prefers (<see cref="MoveHome"/>).</summary>
    public int Home { get; private set; }

    /// <summary>The 0-based silo the next request goes to.</summary>
    public int Current
    {
        get
        {
            var now = Stopwatch.GetTimestamp();
            var at = Volatile.Read(ref current);
            if (at != Home && Stopwatch.GetElapsedTime(Volatile.Read(ref leftHomeTimestamp), now).TotalMilliseconds
                    >= HomeRetryMs)
            {
                Volatile.Write(ref current, Home);
                return Home;
            }
            return at;
        }
    }

    public SettlementClient Client(int silo) => clients[silo];

    /// <summary>Makes <paramref name="silo"/> this terminal's home and goes there now (a silo was added).</summary>
    public void MoveHome(int silo)
    {
        Home = silo;
        Volatile.Write(ref current, silo);
    }

    /// <summary>Moves to the next started silo after <paramref name="failed"/> could not be reached.</summary>
    public void FailOver(int failed)
    {
        var next = (failed + 1) % roster.Started;
        if (Interlocked.CompareExchange(ref current, next, failed) == failed && failed == Home)
        {
            Volatile.Write(ref leftHomeTimestamp, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Sends through the current silo's client, failing over while nothing could be sent.</summary>
    /// <returns>The reply (possibly an OUTCOME_UNKNOWN of the library) and the 0-based silo that gave it.</returns>
    public async Task<(TransactionReply Reply, int Silo)> SendAsync(
        Func<SettlementClient, Task<TransactionReply>> send, TimeSpan budget, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var silo = Current;
            try
            {
                return (await send(clients[silo]), silo);
            }
            catch (Exception exception) when (exception is System.Net.Sockets.SocketException or TimeoutException
                or IOException or System.Security.Authentication.AuthenticationException
                && !cancellationToken.IsCancellationRequested)
            {
                // SettlementClient's contract: nothing was sent. Another silo may answer the same request.
                FailOver(silo);
                if (Stopwatch.GetElapsedTime(started) > budget) throw;
                await Task.Delay(Math.Min(1_000, 100 * attempt), cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients) await client.DisposeAsync();
    }
}
