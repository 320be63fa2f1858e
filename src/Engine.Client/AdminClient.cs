using System.Collections.Immutable;
using Engine.Contracts.Domain;
using Engine.Contracts.Messages;
using Engine.Contracts.Wire;
using Engine.Reference;

namespace Engine.Client;

/// <summary>
/// The operator's messages (docs/protocol.md §11) on one lazily opened admin connection: reference upsert in
/// chunks, monthly clearing and reconciliation of any institution. Every admin request is an idempotent upsert or
/// a read, so a lost reply is simply retransmitted; failures that outlast the retransmissions are thrown.
/// </summary>
public sealed class AdminClient : IAsyncDisposable
{
    /// <summary>Catalogue entries per chunk: small enough that a chunk stays far below the 1 MiB frame limit.</summary>
    public const int CatalogEntriesPerChunk = 5_000;

    private readonly AdminClientOptions options;
    private readonly ConnectionPool connections;

    /// <summary>A client signing in as <see cref="Handshake.AdminInstitution"/>; nothing connects until a
    /// request.</summary>
    /// <exception cref="ArgumentException">An option cannot work.</exception>
    public AdminClient(AdminClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options.Clone();
        connections = new ConnectionPool(this.options.ToConnectionOptions(), connectionCount: 1);
    }

    /// <summary>
    /// Upserts <paramref name="data"/> as consecutive 0x9101 chunks (<see cref="Split"/>): regions, zones, policies and
    /// institutions in the first, the catalogue in chunks of at most <see cref="CatalogEntriesPerChunk"/>, persons in
    /// chunks of at most <see cref="ProtocolLimits.ReferencePersonsPerChunk"/>. Each chunk is an independent upsert.
    /// </summary>
    /// <returns>The reference version after the last chunk.</returns>
    public async Task<long> UpsertReferenceAsync(ReferenceData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ulong version = 0;
        foreach (var chunk in Split(data))
        {
            var reply = await SendAsync(MessageType.ReferenceUpsert, chunk, MessageCodec.Write,
                MessageCodec.ReadReferenceUpsertReply, cancellationToken);
            version = reply.Version;
        }
        return checked((long)version);
    }

    /// <summary>The clearing statement (0x9102) of <paramref name="year"/>-<paramref name="month"/>.</summary>
    public Task<ImmutableArray<ClearingLine>> ClearingAsync(
        int year, int month, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return SendAsync(MessageType.Clearing, new ClearingRequestBody(year, month), MessageCodec.Write,
            MessageCodec.ReadClearingLines, cancellationToken);
    }

    /// <summary>
    /// Reconciles <see cref="ReconcileRequest.Institution"/>'s day (0x9103; the institution travels on the wire).
    /// An OUTCOME_UNKNOWN reply is retried like a lost one; the last is returned when all are.
    /// </summary>
    public async Task<TransactionReply> ReconcileAnyAsync(
        ReconcileRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Institution, nameof(request));
        TransactionReply reply = TransactionReply.Rejected(SettlementStatus.OutcomeUnknown);
        for (var attempt = 0; attempt <= options.RetransmissionsMax; attempt++)
        {
            reply = await SendAsync(MessageType.ReconcileAny, request, MessageCodec.WriteReconcileAny,
                MessageCodec.ReadTransactionReply, cancellationToken);
            if (reply.Status != SettlementStatus.OutcomeUnknown) break;
        }
        return reply;
    }

    /// <summary>Closes the connection cleanly.</summary>
    public ValueTask DisposeAsync() => connections.DisposeAsync();

    /// <summary>
    /// The chunks <see cref="UpsertReferenceAsync"/> sends, in order: the first carries everything but the catalogue
    /// and the persons, plus the first catalogue and person chunks; then the rest of the catalogue; then the rest of
    /// the persons. Regions come before the catalogue entries and persons that name them.
    /// </summary>
    public static IReadOnlyList<ReferenceData> Split(ReferenceData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var catalog = Slices(data.Catalog, CatalogEntriesPerChunk);
        var persons = Slices(data.Persons, ProtocolLimits.ReferencePersonsPerChunk);
        var chunks = new List<ReferenceData>
        {
            data with { Catalog = catalog[0], Persons = catalog.Count == 1 ? persons[0] : [] },
        };
        for (var i = 1; i < catalog.Count; i++)
        {
            chunks.Add(ReferenceData.Empty with { Catalog = catalog[i] });
        }
        for (var i = catalog.Count == 1 ? 1 : 0; i < persons.Count; i++)
        {
            chunks.Add(ReferenceData.Empty with { Persons = persons[i] });
        }
        return chunks;
    }

    private static List<ImmutableArray<T>> Slices<T>(ImmutableArray<T> items, int sliceLengthMax)
    {
        var all = items.IsDefault ? [] : items;
        var slices = new List<ImmutableArray<T>>();
        for (var start = 0; start < all.Length; start += sliceLengthMax)
        {
            slices.Add(all.Slice(start, Math.Min(sliceLengthMax, all.Length - start)));
        }
        if (slices.Count == 0) slices.Add([]);
        return slices;
    }

    /// <summary>Sends until a reply arrives; a lost reply (time-out, lost connection) is retransmitted.</summary>
    private async Task<TReply> SendAsync<TRequest, TReply>(MessageType type, TRequest request,
        BodyWriter<TRequest> write, BodyReader<TReply> read, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0 && options.RetransmissionDelayMs > 0)
            {
                await Task.Delay(options.RetransmissionDelayMs * attempt, cancellationToken);
            }
            try
            {
                var connection = await connections.GetAsync(cancellationToken);
                return await connection.SendAsync(type, request, write, read, cancellationToken);
            }
            catch (Exception exception)
                when (attempt < options.RetransmissionsMax && IsTransient(exception, cancellationToken))
            {
                // Retransmit: the request is an upsert by key or a read.
            }
        }
    }

    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) =>
        exception is IOException or System.Net.Sockets.SocketException
        || (exception is TimeoutException && !cancellationToken.IsCancellationRequested);
}
