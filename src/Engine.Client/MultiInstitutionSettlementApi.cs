using System.Collections.Concurrent;
using Engine.Contracts;
using Engine.Contracts.Messages;

namespace Engine.Client;

/// <summary>
/// <see cref="ISettlementApi"/> for many institutions at once (scenario replay, simulators): each request goes to
/// the <see cref="SettlementClient"/> of its <c>Institution</c>, created on first use with the secret
/// <c>secretOf(institution)</c> — e.g. <c>institution =&gt; InstitutionSecrets.Derive(masterKey, institution)</c>.
/// </summary>
/// <remarks>
/// A request with an empty institution (replay sends one for a label that names nothing, e.g. the visit of a
/// rejected registration) cannot sign in anywhere. It is sent on the connection of the first institution this
/// instance served, or of <c>fallbackInstitution</c> when none was served yet, as that institution's request (the
/// institution is not on the wire): the id it names belongs to no visit of that institution, so the engine answers
/// UNKNOWN_VISIT / UNKNOWN_SETTLEMENT / INVALID_REQUEST as it would for the empty institution, and stores nothing.
/// With neither, such a request throws <see cref="InvalidOperationException"/>.
/// </remarks>
public sealed class MultiInstitutionSettlementApi : ISettlementApi, IAsyncDisposable
{
    private readonly Func<string, SettlementClientOptions> optionsOf;
    private readonly string? fallbackInstitution;
    private readonly ConcurrentDictionary<string, Lazy<SettlementClient>> clients = new(StringComparer.Ordinal);
    private string? firstInstitution;
    private int disposed;

    /// <summary>Routes to <paramref name="host"/>:<paramref name="port"/>, signing in with
    /// <paramref name="secretOf"/>.</summary>
    /// <param name="configure">Adjusts each institution's options (time-outs, retransmissions, connections).</param>
    /// <param name="fallbackInstitution">Where an institution-less request goes before any other was served.</param>
    public MultiInstitutionSettlementApi(string host, int port, Func<string, string> secretOf,
        Action<SettlementClientOptions>? configure = null, string? fallbackInstitution = null)
        : this(OptionsFactory(host, port, secretOf, configure), fallbackInstitution)
    {
    }

    /// <summary>Routes with the options <paramref name="optionsOf"/> gives for each institution.</summary>
    public MultiInstitutionSettlementApi(
        Func<string, SettlementClientOptions> optionsOf, string? fallbackInstitution = null)
    {
        ArgumentNullException.ThrowIfNull(optionsOf);
        this.optionsOf = optionsOf;
        this.fallbackInstitution = string.IsNullOrEmpty(fallbackInstitution) ? null : fallbackInstitution;
    }

    /// <summary>The institutions with a client so far.</summary>
    public IReadOnlyCollection<string> Institutions => [.. clients.Keys];

    /// <summary>The client of <paramref name="institution"/>, created on first use.</summary>
    public SettlementClient ClientFor(string institution)
    {
        ArgumentException.ThrowIfNullOrEmpty(institution);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        Interlocked.CompareExchange(ref firstInstitution, institution, null);
        return clients.GetOrAdd(institution, static (key, factory) => new Lazy<SettlementClient>(
            () => new SettlementClient(Checked(factory(key), key))), optionsOf).Value;
    }

    /// <inheritdoc />
    public Task<TransactionReply> PersonInfoAsync(
        PersonInfoRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, request?.Institution, static (client, r, cancel) => client.PersonInfoAsync(r, cancel),
            static (r, institution) => r with { Institution = institution }, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> RegisterAsync(
        RegisterRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, request?.Institution, static (client, r, cancel) => client.RegisterAsync(r, cancel),
            static (r, institution) => r with { Institution = institution }, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> CancelRegistrationAsync(
        CancelRegistrationRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, request?.Institution,
            static (client, r, cancel) => client.CancelRegistrationAsync(r, cancel),
            static (r, institution) => r with { Institution = institution }, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> UploadFeesAsync(
        UploadFeesRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, request?.Institution, static (client, r, cancel) => client.UploadFeesAsync(r, cancel),
            static (r, institution) => r with { Institution = institution }, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> CancelFeesAsync(
        CancelFeesRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, request?.Institution, static (client, r, cancel) => client.CancelFeesAsync(r, cancel),
            static (r, institution) => r with { Institution = institution }, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> PreSettleAsync(
        PreSettleRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, request?.Institution, static (client, r, cancel) => client.PreSettleAsync(r, cancel),
            static (r, institution) => r with { Institution = institution }, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> SettleAsync(
        SettleRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, request?.Institution, static (client, r, cancel) => client.SettleAsync(r, cancel),
            static (r, institution) => r with { Institution = institution }, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> CancelSettlementAsync(
        CancelSettlementRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, request?.Institution, static (client, r, cancel) => client.CancelSettlementAsync(r, cancel),
            static (r, institution) => r with { Institution = institution }, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> ReverseAsync(
        ReverseRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, request?.Institution, static (client, r, cancel) => client.ReverseAsync(r, cancel),
            static (r, institution) => r with { Institution = institution }, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReply> ReconcileAsync(
        ReconcileRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, request?.Institution, static (client, r, cancel) => client.ReconcileAsync(r, cancel),
            static (r, institution) => r with { Institution = institution }, cancellationToken);

    /// <summary>Closes every institution's connections cleanly.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        foreach (var client in clients.Values)
        {
            if (client.IsValueCreated) await client.Value.DisposeAsync();
        }
    }

    /// <summary>Sends <paramref name="request"/> with its institution's client, or, for an institution-less request,
    /// with the fallback client as that client's request (see the remarks).</summary>
    private Task<TransactionReply> SendAsync<T>(T request, string? institution,
        Func<SettlementClient, T, CancellationToken, Task<TransactionReply>> send, Func<T, string, T> rebind,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.IsNullOrEmpty(institution)) return send(ClientFor(institution), request, cancellationToken);
        var client = Fallback();
        return send(client, rebind(request, client.Institution), cancellationToken);
    }

    /// <summary>The client an institution-less request goes to (see the remarks).</summary>
    private SettlementClient Fallback()
    {
        var target = Volatile.Read(ref firstInstitution) ?? fallbackInstitution
            ?? throw new InvalidOperationException(
                "A request without an institution needs a connection to go on, and no institution has one yet " +
                "(pass fallbackInstitution).");
        return ClientFor(target);
    }

    private static SettlementClientOptions Checked(SettlementClientOptions options, string institution)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(options.Institution, institution, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The options for '{institution}' name institution '{options.Institution}'.");
        }
        return options;
    }

    private static Func<string, SettlementClientOptions> OptionsFactory(
        string host, int port, Func<string, string> secretOf, Action<SettlementClientOptions>? configure)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentNullException.ThrowIfNull(secretOf);
        return institution =>
        {
            var options = new SettlementClientOptions
            {
                Host = host,
                Port = port,
                Institution = institution,
                Secret = secretOf(institution),
            };
            configure?.Invoke(options);
            options.Institution = institution;
            return options;
        };
    }
}
