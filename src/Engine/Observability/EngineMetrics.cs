using System.Diagnostics;
using System.Diagnostics.Metrics;
using Engine.Contracts.Domain;
using Engine.Contracts.Wire;

namespace Engine.Observability;

/// <summary>
/// The engine's meter, <c>Engine</c>, and every instrument on it (docs/operations.md, "Observability"). Static so
/// that the gateway and the grains record without an injected dependency; one meter per process, so the silos of
/// an in-process test cluster add into the same series. With no listener (no <c>Engine:MetricsPort</c>, no
/// dotnet-counters) each call is a check of <see cref="Instrument.Enabled"/> and nothing else.
/// </summary>
public static class EngineMetrics
{
    /// <summary>The meter name to subscribe to (OpenTelemetry <c>AddMeter</c>, <c>dotnet-counters --counters</c>).</summary>
    public const string MeterName = "Engine";

    // Latency buckets in milliseconds: sub-millisecond for in-memory storage and the grain hop, up to the default
    // 10 s request time-out, after which the gateway answers OUTCOME_UNKNOWN anyway.
    private static readonly double[] MillisecondBuckets =
        [0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000];

    private static readonly Meter Meter = new(MeterName, typeof(EngineMetrics).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> Transactions = Meter.CreateCounter<long>(
        "engine.transactions", "{transaction}",
        "Business transactions answered by the terminal gateway, by operation and reply status.");

    private static readonly Histogram<double> TransactionDuration = Meter.CreateHistogram(
        "engine.transaction.duration", "ms",
        "From the request frame read to its reply queued for writing (in-flight wait, decode, grain call).",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MillisecondBuckets });

    private static readonly Histogram<double> GrainCallDuration = Meter.CreateHistogram(
        "engine.grain.call.duration", "ms",
        "The gateway's call into the grains for one transaction, by operation and result.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MillisecondBuckets });

    private static readonly Histogram<double> StorageDuration = Meter.CreateHistogram(
        "engine.storage.duration", "ms",
        "A person grain's state write and ledger append, by kind and result.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MillisecondBuckets });

    // Observed from a count rather than recorded as +1/-1: a listener that subscribes while connections are open
    // (a second in-process silo, dotnet-counters attaching late) would otherwise see closes without their opens.
    private static long openConnections;

    private static readonly ObservableUpDownCounter<long> Connections = Meter.CreateObservableUpDownCounter(
        "engine.gateway.connections", () => Volatile.Read(ref openConnections), "{connection}",
        "Open terminal connections (of every gateway in this process).");

    private static readonly Counter<long> ConnectionsRefused = Meter.CreateCounter<long>(
        "engine.gateway.connections.refused", "{connection}",
        "Terminal connections refused because Engine:ConnectionsMax were open.");

    private static readonly Counter<long> Frames = Meter.CreateCounter<long>(
        "engine.gateway.frames", "{frame}", "Frames read from (in) and written to (out) terminals.");

    private static readonly Counter<long> ProtocolViolations = Meter.CreateCounter<long>(
        "engine.gateway.protocol_violations", "{violation}",
        "Connections closed with an Error frame, by reason (time-outs included).");

    /// <summary>A start time for the <c>…Completed</c> methods (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static long Timestamp() => Stopwatch.GetTimestamp();

    /// <summary>A business transaction was answered <paramref name="status"/>.</summary>
    internal static void TransactionCompleted(MessageType type, SettlementStatus status, long started)
    {
        if (!Transactions.Enabled && !TransactionDuration.Enabled) return;
        var operation = MetricTags.Operation(type);
        var outcome = MetricTags.Status(status);
        Transactions.Add(1, operation, outcome);
        TransactionDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, operation, outcome);
    }

    /// <summary>The gateway's grain call for a transaction of <paramref name="type"/> ended.</summary>
    internal static void GrainCallCompleted(MessageType type, GrainCallResult result, long started)
    {
        if (!GrainCallDuration.Enabled) return;
        GrainCallDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            MetricTags.Operation(type), MetricTags.Result(result));
    }

    /// <summary>A person grain's storage operation ended.</summary>
    internal static void StorageCompleted(StorageKind kind, bool ok, long started)
    {
        if (!StorageDuration.Enabled) return;
        StorageDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            MetricTags.Kind(kind), MetricTags.Result(ok));
    }

    /// <summary>A terminal connection was accepted.</summary>
    internal static void ConnectionOpened() => Interlocked.Increment(ref openConnections);

    /// <summary>An accepted terminal connection ended.</summary>
    internal static void ConnectionClosed() => Interlocked.Decrement(ref openConnections);

    /// <summary>A terminal connection was refused at the connection limit.</summary>
    internal static void ConnectionRefused() => ConnectionsRefused.Add(1);

    /// <summary><paramref name="count"/> whole frames were read from one connection.</summary>
    internal static void FramesReceived(int count)
    {
        if (count > 0) Frames.Add(count, MetricTags.DirectionIn);
    }

    /// <summary><paramref name="count"/> frames were written to one connection (one flush).</summary>
    internal static void FramesSent(int count)
    {
        if (count > 0) Frames.Add(count, MetricTags.DirectionOut);
    }

    /// <summary>A connection is closed for <paramref name="reason"/>.</summary>
    internal static void ProtocolViolated(ProtocolViolationReason reason) =>
        ProtocolViolations.Add(1, MetricTags.Reason(reason));
}
